#pragma once
// The one interface the SFML layer talks to. The UI turns raw input into these calls (taps on
// widget ids, presses and releases for the hold gesture, ticks for timers) and draws view().
// Everything else — what a tap means, timers, storage, staff access — is decided behind it.
#include <chrono>
#include <optional>
#include <string_view>

#include "core/api/view.h"
#include "core/base/time.h"

namespace alliance {

class Controller {
public:
    virtual ~Controller() = default;
    virtual const View& view() const = 0;
    // A press and release on the same widget.
    virtual void tap(std::string_view widget_id, SteadyTime now) = 0;
    // Press and release are reported separately too, for press-and-hold (the staff corner).
    virtual void press(std::string_view widget_id, SteadyTime now) = 0;
    virtual void release(std::string_view widget_id, SteadyTime now) = 0;
    // Any touch anywhere (resets idle timers) — also sent for touches that miss every widget.
    virtual void touched(SteadyTime now) = 0;
    // Advances timers; call at next_deadline() or later.
    virtual void tick(SteadyTime now) = 0;
    // When tick() must next be called; nullopt: nothing is scheduled, sleep until input.
    virtual std::optional<SteadyTime> next_deadline() const = 0;
    // Staff chose "exit the app" (after their PIN).
    virtual bool exit_requested() const = 0;
    // Something outside the controller failed (an exception while drawing or writing a frame):
    // show the out-of-service screen with `code`; `detail` goes to the log. Never throws.
    virtual void fail(std::string_view code, std::string_view detail, SteadyTime now) = 0;
};

}  // namespace alliance
