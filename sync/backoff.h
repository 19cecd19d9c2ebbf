#pragma once
// When to try again after a failure that is nobody's fault in particular (server down, 5xx,
// 429, timeout, lost connection): exponential, with jitter so that a clinic's kiosks coming
// back together do not hammer the server in step, and capped by [sync] max_backoff_seconds.
#include <chrono>
#include <optional>

namespace alliance::sync {

inline constexpr std::chrono::milliseconds backoff_base{250};
inline constexpr std::chrono::seconds retry_after_floor{1};

// The wait after `failures` consecutive failures (1 for the first): 250 ms * 2^(failures-1),
// capped at `cap`, of which the upper half is random ("equal jitter"). `unit_random` is in
// [0, 1). A Retry-After from the server, when given, is used instead, at least
// retry_after_floor and at most `cap`.
std::chrono::milliseconds backoff_delay(int failures, std::chrono::seconds cap, double unit_random,
                                        std::optional<std::chrono::seconds> retry_after = std::nullopt);

// A uniform number in [0, 1) from libsodium's generator.
double unit_random();

}  // namespace alliance::sync
