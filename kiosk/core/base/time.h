#pragma once
// The kiosk's two kinds of time, below everything that uses them (the clocks, the store, the
// controller): timers run on the steady clock, what is stored is stamped with the wall clock.
#include <chrono>

namespace alliance {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

}  // namespace alliance
