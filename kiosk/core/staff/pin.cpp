#include "core/staff/pin.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "core/base/owner_only_file.h"

namespace alliance {

namespace {

bool fast_hashing = false;

void ensure_sodium() {
    // sodium_init is idempotent and thread-safe; it fails only if no randomness is available.
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise (no randomness source)");
}

std::string system_error_text(int err) { return std::error_code(err, std::generic_category()).message(); }

}  // namespace

bool is_valid_pin(std::string_view pin) {
    return pin.size() >= min_pin_digits && pin.size() <= max_pin_digits &&
           std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void use_fast_pin_hashing_for_tests(bool fast) { fast_hashing = fast; }

std::string hash_pin(std::string_view pin) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    unsigned long long ops = fast_hashing ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    std::size_t mem = fast_hashing ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("hashing the PIN failed: not enough memory for Argon2id");
    return out;
}

bool verify_pin(const std::string& hash, std::string_view pin) {
    ensure_sodium();
    if (hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
    char buf[crypto_pwhash_STRBYTES] = {};
    std::memcpy(buf, hash.data(), hash.size());
    return crypto_pwhash_str_verify(buf, pin.data(), pin.size()) == 0;
}

PinHashFile read_pin_hash_file(const std::filesystem::path& file) {
    PinHashFile result;
    const std::string name = file.string();
    if (file.empty()) {
        result.problem = "no PIN hash file is configured";
        return result;
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        result.problem = name + ": " + system_error_text(errno);
        return result;
    }
    if (!S_ISREG(st.st_mode)) {
        result.problem = name + ": not a regular file";
        return result;
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        // Anyone who can write it could set their own PIN.
        result.problem = name + ": refused because it is writable by group or others (chmod 600 it)";
        return result;
    }
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
        result.problem = name + ": cannot be read";
        return result;
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.rfind("$argon2id$", 0) != 0 || line.size() >= crypto_pwhash_STRBYTES) {
        result.problem = name + ": expected an Argon2id hash (\"$argon2id$...\") on the first line";
        return result;
    }
    result.hash = line;
    return result;
}

void write_pin_hash_file(const std::filesystem::path& file, const std::string& hash) {
    write_owner_only_file(file, hash + "\n");
}

std::chrono::seconds lock_duration_after(int failures_in_a_row) {
    using std::chrono::seconds;
    if (failures_in_a_row < failures_before_lock) return seconds(0);
    const seconds cap(15 * 60);
    seconds d(60);
    for (int i = failures_before_lock; i < failures_in_a_row && d < cap; ++i) d *= 2;
    return std::min(d, cap);
}

std::chrono::seconds PinLockState::remaining(WallTime now) const {
    if (!locked_until || *locked_until <= now) return std::chrono::seconds(0);
    auto left = std::chrono::ceil<std::chrono::seconds>(*locked_until - now);
    return std::min(left, lock_duration_after(std::max(failures, failures_before_lock)));
}

void PinLockState::record_failure(WallTime now) {
    ++failures;
    auto d = lock_duration_after(failures);
    if (d.count() > 0) locked_until = now + d;
}

std::string PinLockState::serialize() const {
    long long ms = locked_until
                       ? std::chrono::duration_cast<std::chrono::milliseconds>(locked_until->time_since_epoch()).count()
                       : 0;
    return std::to_string(failures) + ";" + std::to_string(ms);
}

PinLockState PinLockState::parse(const std::string& text, WallTime now) {
    PinLockState s;
    std::istringstream in(text);
    long long failures = -1, ms = -1;
    char sep = 0;
    if (in >> failures >> sep >> ms && sep == ';' && failures >= 0 && failures < 1000000 && ms >= 0 &&
        in.peek() == std::char_traits<char>::eof()) {
        s.failures = static_cast<int>(failures);
        if (ms > 0)
            s.locked_until = WallTime(std::chrono::duration_cast<WallTime::duration>(std::chrono::milliseconds(ms)));
        return s;
    }
    s.failures = failures_before_lock;
    s.locked_until = now + lock_duration_after(failures_before_lock);
    return s;
}

}  // namespace alliance
