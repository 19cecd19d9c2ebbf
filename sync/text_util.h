#pragma once
// Small text helpers the sync component needs in more than one place.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/plain_text.h"

namespace alliance::sync {

// RFC 3986 percent-encoding of everything but the unreserved characters and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = {});
// Standard base64 with padding (HTTP Basic credentials).
std::string base64(std::string_view bytes);
// The bytes of standard base64 (whitespace allowed, as in FHIR's base64Binary); nullopt if invalid.
std::optional<std::string> base64_decode(std::string_view text);
// Lower-case hex of a BLAKE2b hash of `text`, `bytes` long (1 to 64): stable names for batches.
std::string hash_hex(std::string_view text, std::size_t bytes = 16);
// `text` cut to at most `max` bytes on a UTF-8 character boundary, with "…" when cut.
std::string shorten(std::string_view text, std::size_t max);
// `text` with whatever stands inside quotes ('...' or "...") replaced by "…": a server's error
// message may quote a patient's answer, and logs and the audit table must never hold one.
std::string redact_quoted(std::string_view text);
using alliance::printable;  // core/base/plain_text.h

// One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (=, +, -, @
// first) gets a leading apostrophe: an export must not execute a visitor-typed text.
std::string csv_cell(const std::string& text);
// The cells quoted and joined by commas (without the line end).
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace alliance::sync
