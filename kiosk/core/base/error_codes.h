#pragma once
// The error codes a patient or staff member can see on the out-of-service screen, each with its
// cause and what IT does about it. The log line that accompanies a code ends with its fix, and
// packaging/README.md ("Error codes") and alliance-kiosk(1) carry the same table; a test checks
// that every code in the sources is here and in both documents.
#include <span>
#include <string>
#include <string_view>

namespace alliance {

struct ErrorCodeHelp {
    std::string_view code;   // "E-STORE-FULL"
    std::string_view cause;  // one line: what happened
    std::string_view fix;    // one line: what to do
};

// Every code, in the order of the documentation.
std::span<const ErrorCodeHelp> error_codes();

// "what to do: <fix>" for a known code, "" for any other text.
std::string what_to_do(std::string_view code);

}  // namespace alliance
