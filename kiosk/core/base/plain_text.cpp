#include "core/base/plain_text.h"

namespace alliance {

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {  // U+0080..U+009F in UTF-8
            out += ' ';
            ++i;
        } else {
            out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace alliance
