#pragma once
// Measuring and wrapping text. The layout asks a TextMeasure for widths so that it stays pure:
// tests and the program measure with the real font (font_measure.h), nothing else is needed.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace alliance::ui {

// Width in pixels of UTF-8 `text` drawn at character size `px`.
using TextMeasure = std::function<float(std::string_view text, unsigned px)>;

// Splits UTF-8 `text` into lines no wider than `width`, breaking at spaces (and at explicit
// newlines); a single word wider than `width` is broken between characters, never clipped.
std::vector<std::string> wrap_text(std::string_view text, unsigned px, float width, const TextMeasure& measure);

// True when some word of `text` is wider than `width` on its own (wrap_text would split it).
bool splits_words(std::string_view text, unsigned px, float width, const TextMeasure& measure);

// The widest of `lines`.
float widest(const std::vector<std::string>& lines, unsigned px, const TextMeasure& measure);

}  // namespace alliance::ui
