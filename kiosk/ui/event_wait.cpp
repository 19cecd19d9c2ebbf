#include "ui/event_wait.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <GL/glx.h>
#include <X11/Xlib.h>

namespace alliance::ui {

EventWait::EventWait(sf::Window& window) {
    // SFML's GLX context is made on SFML's own X connection, the one its events arrive on.
    (void)window.setActive(true);
    Display* d = glXGetCurrentDisplay();
    if (d) {
        display_ = d;
        fd_ = ConnectionNumber(d);
    }
}

void EventWait::until(std::optional<SteadyTime> deadline) {
    using namespace std::chrono;
    int timeout_ms = -1;
    if (deadline) {
        const auto left = ceil<milliseconds>(*deadline - steady_clock::now()).count();
        timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
    }
    if (fd_ < 0) {
        // No X connection to wait on: a bounded sleep, still far below waitEvent's wake-ups.
        std::this_thread::sleep_for(milliseconds(timeout_ms < 0 ? 50 : std::min(timeout_ms, 50)));
        return;
    }
    // Events Xlib has already read into its queue do not make the socket readable.
    if (XEventsQueued(static_cast<Display*>(display_), QueuedAfterFlush) > 0) return;
    pollfd p{fd_, POLLIN, 0};
    ::poll(&p, 1, timeout_ms);
}

}  // namespace alliance::ui
