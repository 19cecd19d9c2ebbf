#pragma once
// The kiosk's two clocks, injected so that tests (and the UI's benchmarks) control time. Timers
// (idle, countdown, highlight, staff hold) run on the steady clock, which the Controller calls
// carry; the wall clock only stamps what is stored (started, answered, completed).
#include <chrono>

#include "core/base/time.h"

namespace alliance {

class Clock {
public:
    virtual ~Clock() = default;
    virtual SteadyTime steady_now() const = 0;
    virtual WallTime wall_now() const = 0;
};

class SystemClock final : public Clock {
public:
    SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
    WallTime wall_now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to; both clocks move together.
class ManualClock final : public Clock {
public:
    explicit ManualClock(WallTime wall_start = WallTime{} + std::chrono::hours(24 * 365 * 56))
        : steady_(SteadyTime{} + std::chrono::hours(1)), wall_(wall_start) {}
    SteadyTime steady_now() const override { return steady_; }
    WallTime wall_now() const override { return wall_; }
    void advance(std::chrono::steady_clock::duration d) {
        steady_ += d;
        wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    }

private:
    SteadyTime steady_;
    WallTime wall_;
};

}  // namespace alliance
