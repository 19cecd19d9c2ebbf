#include "core/base/hosts.h"

#include <charconv>
#include <string>

namespace alliance {
namespace {

// "127.a.b.c" with each part a decimal number 0-255.
bool is_ipv4_loopback(std::string_view host) {
    int parts = 0;
    for (std::size_t pos = 0; pos <= host.size(); ++parts) {
        std::size_t end = host.find('.', pos);
        if (end == std::string_view::npos) end = host.size();
        const std::string_view part = host.substr(pos, end - pos);
        int value = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || part.size() > 3 || ec != std::errc() || ptr != part.data() + part.size() || value > 255)
            return false;
        if (parts == 0 && value != 127) return false;
        pos = end + 1;
    }
    return parts == 4;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
    std::string lower;
    for (const char c : host) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return lower == "localhost" || lower == "::1" || lower == "[::1]" || is_ipv4_loopback(lower);
}

}  // namespace alliance
