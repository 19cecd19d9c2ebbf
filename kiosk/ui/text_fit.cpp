#include "ui/text_fit.h"

#include <algorithm>

namespace alliance::ui {
namespace {

// Length of the UTF-8 sequence that starts with byte `c`.
std::size_t utf8_length(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xE) return 3;
    if ((c >> 3) == 0x1E) return 4;
    return 1;
}

// Breaks one word that is too wide on its own into pieces that fit.
void break_word(std::string_view word, unsigned px, float width, const TextMeasure& measure,
                std::vector<std::string>& out) {
    std::string piece;
    for (std::size_t i = 0; i < word.size();) {
        std::size_t n = std::min(utf8_length(static_cast<unsigned char>(word[i])), word.size() - i);
        std::string next = piece + std::string(word.substr(i, n));
        if (!piece.empty() && measure(next, px) > width) {
            out.push_back(piece);
            piece = std::string(word.substr(i, n));
        } else {
            piece = std::move(next);
        }
        i += n;
    }
    if (!piece.empty()) out.push_back(piece);
}

void wrap_paragraph(std::string_view text, unsigned px, float width, const TextMeasure& measure,
                    std::vector<std::string>& out) {
    std::string line;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view word = text.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty()) continue;
        std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
        if (measure(candidate, px) <= width) {
            line = std::move(candidate);
            continue;
        }
        if (!line.empty()) out.push_back(line);
        line.clear();
        if (measure(word, px) <= width) {
            line = std::string(word);
        } else {
            break_word(word, px, width, measure, out);
            line = out.back();
            out.pop_back();
        }
    }
    if (!line.empty()) out.push_back(line);
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, unsigned px, float width, const TextMeasure& measure) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        wrap_paragraph(text.substr(pos, end - pos), px, width, measure, lines);
        pos = end + 1;
    }
    return lines;
}

bool splits_words(std::string_view text, unsigned px, float width, const TextMeasure& measure) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of(" \n", pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos && measure(text.substr(pos, end - pos), px) > width) return true;
        pos = end + 1;
    }
    return false;
}

float widest(const std::vector<std::string>& lines, unsigned px, const TextMeasure& measure) {
    float w = 0;
    for (const auto& line : lines) w = std::max(w, measure(line, px));
    return w;
}

}  // namespace alliance::ui
