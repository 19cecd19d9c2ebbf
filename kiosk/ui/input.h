#pragma once
// The command layer between raw SFML events and the controller (after Attract-Mode's
// map_input): map_input says what an event means to the kiosk, PointerTracker turns pointer
// commands into the controller's touched/press/release/tap calls on the widget under them.
#include <optional>
#include <string>

#include <SFML/Window/Event.hpp>

#include "core/api/controller.h"
#include "ui/layout.h"

namespace alliance::ui {

struct Command {
    enum class Kind {
        none,          // nothing for the kiosk (and deliberately: close requests, Alt+F4, Escape)
        pointer_down,  // a finger or the left mouse button went down at (x, y)
        pointer_up,    // ... and up
        resized,       // the window has a new size (x, y)
        redraw         // the window needs repainting (focus came back)
    };
    Kind kind = Kind::none;
    float x = 0, y = 0;
};

Command map_input(const sf::Event& event);

class PointerTracker {
public:
    // Press: touched(), then press() on the widget under the point (if any).
    // Release: release() on the widget pressed, and tap() when the release is on the same widget.
    // `screen`: what is showing (screen + item); a press that began on another screen is
    // released but never taps (a finger resting on "next" must not skip the question after).
    void apply(const Command& c, const ScreenLayout& layout, Controller& controller, SteadyTime now,
               const std::string& screen);

private:
    std::optional<std::string> pressed_;
    std::string pressed_on_;
};

}  // namespace alliance::ui
