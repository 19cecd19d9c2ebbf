#pragma once
// Session identifiers: random (version 4) UUIDs, RFC 9562, from libsodium's CSPRNG.
#include <string>
#include <string_view>

namespace alliance {

// A new UUID v4 in its canonical lower-case form, e.g. "0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f".
// Throws std::runtime_error if libsodium cannot be initialised (no random source).
std::string new_uuid_v4();

// True when `s` is a canonical lower-case UUID v4 (version nibble 4, variant 10xx).
bool is_uuid_v4(std::string_view s);

}  // namespace alliance
