#include "sync/text_util.h"

#include <sodium.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "core/base/build_info.h"

namespace alliance::sync {

std::string sync_guide() { return "sync/README.md (installed as " + std::string(build::installed_sync_guide) + ")"; }

std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved || keep.find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

std::string base64(std::string_view bytes) {
    const auto variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      variant);
    out.resize(out.find('\0'));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \t\r\n",
                          &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(length);
    return out;
}

std::string hash_hex(std::string_view text, std::size_t bytes) {
    if (bytes < crypto_generichash_BYTES_MIN || bytes > crypto_generichash_BYTES_MAX)
        throw std::invalid_argument("hash_hex: unsupported length");
    std::vector<unsigned char> digest(bytes);
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       nullptr, 0);
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    out.pop_back();
    return out;
}

std::string shorten(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    std::size_t cut = max;
    // Step back over UTF-8 continuation bytes (10xxxxxx) so a character is never split.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "\u2026";
}

std::string redact_quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char open = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (open != 0) {
            if (c == open) {
                out += "\u2026";
                out += c;
                open = 0;
            }
            continue;
        }
        // An apostrophe inside a word ("server's") opens nothing.
        const bool word_before = i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]));
        if (c == '"' || (c == '\'' && !word_before)) open = c;
        out += c;
    }
    if (open != 0) out += "\u2026";
    return out;
}

std::string csv_cell(const std::string& text) {
    std::string cell = text;
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell = "'" + cell;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) line += ',';
        line += csv_cell(cells[i]);
    }
    return line;
}

}  // namespace alliance::sync
