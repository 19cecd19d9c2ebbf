#include "core/api/view.h"

namespace alliance {

std::string_view screen_name(Screen s) {
    switch (s) {
        case Screen::welcome: return "welcome";
        case Screen::therapist: return "therapist";
        case Screen::visit_code: return "visit-code";
        case Screen::question: return "question";
        case Screen::thanks: return "thanks";
        case Screen::still_there: return "still-there";
        case Screen::out_of_service: return "out-of-service";
        case Screen::staff_pin: return "staff-pin";
        case Screen::staff_menu: return "staff-menu";
    }
    return "unknown";
}

}  // namespace alliance
