#pragma once
// Pixels per millimetre of the kiosk's screen, from [kiosk] screen_dpi or screen_diagonal_inches.
#include "core/config/config.h"

namespace alliance::ui {

// `screen_w` x `screen_h`: the physical screen's resolution (the desktop mode), used with a
// diagonal. The default config is a 10.1" 1280x800 tablet (149.4 dpi).
float pixels_per_mm(const KioskSettings& kiosk, unsigned screen_w, unsigned screen_h);

}  // namespace alliance::ui
