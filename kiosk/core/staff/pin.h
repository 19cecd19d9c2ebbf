#pragma once
// Staff and IT PINs (kiosk/README.md, "Front desk"): stored only as an Argon2id hash (libsodium crypto_pwhash_str)
// in an owner-only file; checked with crypto_pwhash_str_verify; guarded by a lockout that grows
// with each wrong PIN and survives a restart. No SFML, no store here: the lockout keeps its figures
// in a small struct that the caller persists (StaffMode does it through Store::get_state/set_state).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/store/store.h"

namespace alliance {

// A PIN is 4 to 8 digits.
inline constexpr std::size_t min_pin_digits = 4;
inline constexpr std::size_t max_pin_digits = 8;
bool is_valid_pin(std::string_view pin);

// Argon2id with libsodium's INTERACTIVE limits (about 0.1 s and 64 MiB here). Throws
// std::runtime_error if libsodium cannot hash (out of memory).
std::string hash_pin(std::string_view pin);
// Constant-time check of `pin` against an "$argon2id$..." string; false for any malformed hash.
bool verify_pin(const std::string& hash, std::string_view pin);
// Test hook: hash with crypto_pwhash_OPSLIMIT_MIN/MEMLIMIT_MIN so unit tests stay fast. Verifying
// reads the limits from the hash itself, so production code verifies these hashes too.
void use_fast_pin_hashing_for_tests(bool fast);

// Reads a PIN hash file. Refuses (nullopt, with `problem` saying why and naming the file) a file
// that is missing, unreadable, group- or world-writable, or does not hold an Argon2id hash.
struct PinHashFile {
    std::optional<std::string> hash;
    std::string problem;
};
PinHashFile read_pin_hash_file(const std::filesystem::path& file);
// Writes `hash` to `file` atomically (temp file 0600 in the same directory, fsync, rename).
// Throws std::runtime_error naming the file and the system error.
void write_pin_hash_file(const std::filesystem::path& file, const std::string& hash);

// The lockout schedule: the 5th wrong PIN in a row locks for 60 s; each further wrong PIN doubles
// the lock (120, 240, 480 s) up to 15 minutes. Only a right PIN resets the count.
inline constexpr int failures_before_lock = 5;
std::chrono::seconds lock_duration_after(int failures_in_a_row);

// What persists across a restart. Wall-clock time because the steady clock restarts with the
// machine; a clock set backwards can't stretch a lock beyond its duration (see remaining()).
struct PinLockState {
    int failures = 0;  // wrong PINs in a row
    std::optional<WallTime> locked_until;

    std::chrono::seconds remaining(WallTime now) const;  // 0 when not locked
    bool locked(WallTime now) const { return remaining(now).count() > 0; }
    void record_failure(WallTime now);  // counts it and starts the lock when the schedule says so
    void record_success() { *this = PinLockState{}; }

    // "failures;locked_until_ms" — what Store::set_state keeps. Unparsable text reads as a lock of
    // the longest duration: a damaged value must not open the pad to guessing.
    std::string serialize() const;
    static PinLockState parse(const std::string& text, WallTime now);
};

}  // namespace alliance
