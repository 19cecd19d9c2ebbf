#include "sync/backoff.h"

#include <sodium.h>

#include <algorithm>

namespace alliance::sync {

std::chrono::milliseconds backoff_delay(int failures, std::chrono::seconds cap, double unit_random,
                                        std::optional<std::chrono::seconds> retry_after) {
    using std::chrono::milliseconds;
    const milliseconds cap_ms = cap;
    // A server's Retry-After is honoured between a floor (a "0" must not make the kiosk hammer
    // it) and the ceiling of max_backoff_seconds (a "next year" must not stall the queue).
    if (retry_after) return std::clamp<milliseconds>(*retry_after, retry_after_floor, cap_ms);
    // 2^30 quarter-seconds is far past any cap: stop doubling there instead of overflowing.
    const int exponent = std::clamp(failures - 1, 0, 30);
    const milliseconds full = std::min<milliseconds>(backoff_base * (1LL << exponent), cap_ms);
    const auto half = full.count() / 2;
    return milliseconds(full.count() - half + static_cast<long long>(unit_random * static_cast<double>(half)));
}

double unit_random() {
    // Idempotent and cheap after the first call; the generator needs it once.
    if (sodium_init() < 0) return 0.5;
    return static_cast<double>(randombytes_uniform(1u << 30)) / static_cast<double>(1u << 30);
}

}  // namespace alliance::sync
