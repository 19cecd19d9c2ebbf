#include "core/base/uuid.h"

#include <pthread.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace alliance {
namespace {

void ensure_sodium() {
    // sodium_init() is idempotent and thread-safe; it returns -1 only when no random source exists.
    static const int status = sodium_init();
    if (status < 0) throw std::runtime_error("uuid: libsodium could not be initialised (no random source)");
}

// randombytes_buf() is one getrandom() system call each time, and alliance-sync makes four UUIDs
// per response (the transaction's fullUrls); so the bytes are drawn 64 UUIDs at a time.
struct RandomPool {
    std::array<unsigned char, std::size_t{16} * 64> bytes{};
    std::size_t used = sizeof bytes;
};
thread_local RandomPool pool;

// A forked child must never hand out its parent's unused bytes (the same UUIDs twice).
void forget_pool_in_child() { pool.used = sizeof pool.bytes; }

std::array<unsigned char, 16> random_16() {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, forget_pool_in_child); });
    if (pool.used == sizeof pool.bytes) {
        randombytes_buf(pool.bytes.data(), pool.bytes.size());
        pool.used = 0;
    }
    std::array<unsigned char, 16> out{};
    std::memcpy(out.data(), pool.bytes.data() + pool.used, out.size());
    sodium_memzero(pool.bytes.data() + pool.used, out.size());  // handed out once only
    pool.used += out.size();
    return out;
}

constexpr char hex_digits[] = "0123456789abcdef";

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string new_uuid_v4() {
    ensure_sodium();
    std::array<unsigned char, 16> b = random_16();
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // variant 10xx
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex_digits[b[i] >> 4];
        out += hex_digits[b[i] & 0x0F];
    }
    return out;
}

bool is_uuid_v4(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? s[i] != '-' : !is_hex(s[i])) return false;
    }
    return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

}  // namespace alliance
