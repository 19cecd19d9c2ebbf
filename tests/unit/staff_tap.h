#pragma once
// A tap on a widget of staff mode's screen, found by its id as KioskApp::tap finds it: the
// widget's action goes to StaffMode::tap, and an id that is not on screen carries no action.
#include <string_view>

#include "core/staff/staff_mode.h"

namespace alliance {

inline StaffAction tap_staff_widget(StaffMode& staff, std::string_view id, SteadyTime now, WallTime wall) {
    const View view = staff.view(staff.default_language());
    Action action;
    for (const auto& w : view.widgets)
        if (w.id == id) action = w.action;
    return staff.tap(action, now, wall);
}

}  // namespace alliance
