#pragma once
// What alliance-kiosk-bench adds to alliance-kiosk (the same main.cpp, built with
// ALLIANCE_KIOSK_BENCH): drivers chosen from the environment, for benchmarks and tests only.
// The installed alliance-kiosk has none of this code and reads none of these variables.
//   ALLIANCE_AUTOPILOT_SESSIONS=N        the benchmark's simulated patients (ui/autopilot.h)
//   ALLIANCE_TEST_THROW_ON_SCREEN=NAME   throws once a screen NAME (e.g. "question") is shown,
//                                        to test that an exception ends on out-of-service
#include <memory>

#include "core/base/clock.h"
#include "ui/kiosk_window.h"

namespace alliance::ui {

struct BenchDriver {
    std::unique_ptr<Clock> clock;         // null: the system clock
    std::unique_ptr<FrameDriver> driver;  // null: none asked for
};

BenchDriver bench_driver_from_environment();

}  // namespace alliance::ui
