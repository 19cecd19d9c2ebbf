#pragma once
// The benchmark's simulated patient (ALLIANCE_AUTOPILOT_SESSIONS=N): answers every question with
// the first answer, skips what can be skipped, and lets time jump to the controller's next
// deadline instead of waiting for it, so that a thousand sessions take minutes, not days. It
// drives the program through the same tap path as a finger. It is built into alliance-kiosk-bench
// only (ui/bench_drivers.h), never into the installed alliance-kiosk.
#include <chrono>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "ui/kiosk_window.h"
#include "ui/layout.h"

namespace alliance::ui {

// System time plus an offset that grows when the autopilot skips ahead.
class SkippingClock final : public Clock {
public:
    SteadyTime steady_now() const override { return std::chrono::steady_clock::now() + offset_; }
    WallTime wall_now() const override {
        return std::chrono::system_clock::now() +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(offset_);
    }
    void skip_to(SteadyTime t) {
        const auto now = steady_now();
        if (t > now) offset_ += t - now;
    }

private:
    std::chrono::steady_clock::duration offset_{0};
};

struct AutopilotStep {
    std::optional<std::string> tap;  // a widget id to tap; nullopt: let time move on
    bool session_done = false;       // the thank-you screen is showing
};

// What a patient in a hurry would do next on this screen.
AutopilotStep autopilot_step(const View& view, const ScreenLayout& layout);

// Runs `sessions` simulated sessions, printing memory figures on stderr after 10, every 100 and
// the last ("alliance-kiosk autopilot: sessions=N pss_kb=P anon_kb=A"), then ends the program
// (exit 0); exit 3 when stuck on a screen where a patient can do nothing.
class Autopilot final : public FrameDriver {
public:
    Autopilot(SkippingClock& clock, int sessions) : clock_(clock), sessions_(sessions) {}
    std::optional<int> after_frame(const Controller& controller, const ScreenLayout& layout,
                                   const std::function<void(const std::string&)>& tap) override;
    bool waits_for_input() const override { return false; }

private:
    SkippingClock& clock_;
    int sessions_;
    int done_ = 0;
    bool thanks_counted_ = false;
};

// A field of /proc/self/smaps_rollup in kB ("Pss", "Anonymous", ...); 0 if unreadable.
// PSS shares library pages among the processes mapping them, so it moves when other programs
// start or stop; the anonymous (private heap) memory shows this process's own growth.
long smaps_kb(const std::string& field);

}  // namespace alliance::ui
