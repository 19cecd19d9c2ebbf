#include "ui/screen_size.h"

#include <cmath>

namespace alliance::ui {

float pixels_per_mm(const KioskSettings& kiosk, unsigned screen_w, unsigned screen_h) {
    double dpi = kiosk.screen_dpi;
    if (kiosk.screen_diagonal_inches && *kiosk.screen_diagonal_inches > 0 && screen_w > 0 && screen_h > 0)
        dpi = std::hypot(static_cast<double>(screen_w), static_cast<double>(screen_h)) / *kiosk.screen_diagonal_inches;
    if (!(dpi > 0)) dpi = 149.4;
    return static_cast<float>(dpi / 25.4);
}

}  // namespace alliance::ui
