#pragma once
// Sleeping until something happens. SFML 2.5's waitEvent() polls every 10 ms (about 0.4% of a
// core while idle); instead we wait on the X connection's file descriptor with poll(2) until the
// controller's next deadline, so an idle kiosk wakes only for input or a due timer.
#include <optional>

#include <SFML/Window/Window.hpp>

#include "core/api/controller.h"

namespace alliance::ui {

class EventWait {
public:
    // `window` must have its OpenGL context active: the X display is found through GLX.
    explicit EventWait(sf::Window& window);
    // Returns when the X connection has input, `deadline` has passed, or (without an X
    // connection) after a short bounded sleep.
    void until(std::optional<SteadyTime> deadline);
    bool has_x_connection() const { return fd_ >= 0; }

private:
    void* display_ = nullptr;  // Display*, kept opaque so that Xlib's macros stay out of headers
    int fd_ = -1;
};

}  // namespace alliance::ui
