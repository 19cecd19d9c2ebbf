#pragma once
// RFC 3339 date-times in UTC, the form the frozen response and the server use
// ("2026-11-28T12:00:00Z"). Wall-clock time only: durations use steady_clock elsewhere.
#include <chrono>
#include <string>
#include <string_view>

namespace alliance {

using WallTime = std::chrono::system_clock::time_point;  // same alias as core/store/store.h

// Whole seconds, UTC, with a 'Z': "2026-11-28T12:00:00Z". Sub-second parts are truncated.
std::string to_rfc3339(WallTime t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" ('t', 'z' and a space for 'T' too).
// Throws std::invalid_argument naming the text and what was expected.
WallTime from_rfc3339(std::string_view text);

}  // namespace alliance
