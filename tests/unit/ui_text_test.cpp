// Word wrap: between words, never inside one unless the word alone is too wide, UTF-8 aware.
#include <doctest/doctest.h>

#include "ui/text_fit.h"

using namespace alliance::ui;

namespace {
// Ten pixels per character (code point), whatever the size.
const TextMeasure ten_per_char = [](std::string_view s, unsigned) {
    float n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) n += 10;
    return n;
};
using Lines = std::vector<std::string>;
}  // namespace

TEST_CASE("text wraps between words so that every line fits the width") {
    CHECK(wrap_text("uno dos tres cuatro", 20, 80, ten_per_char) == Lines{"uno dos", "tres", "cuatro"});
    CHECK(wrap_text("short", 20, 80, ten_per_char) == Lines{"short"});
}

TEST_CASE("accented Spanish letters count as one character each, not as their UTF-8 bytes") {
    CHECK(wrap_text("¿Cómo está?", 20, 110, ten_per_char) == Lines{"¿Cómo está?"});
    CHECK(wrap_text("ñandú ñoño", 20, 50, ten_per_char) == Lines{"ñandú", "ñoño"});
}

TEST_CASE("a word wider than the line is split between characters, and only then") {
    const auto lines = wrap_text("a fisioterapeuta b", 20, 50, ten_per_char);
    CHECK(lines == Lines{"a", "fisio", "terap", "euta", "b"});
    CHECK(splits_words("a fisioterapeuta b", 20, 50, ten_per_char));
    CHECK_FALSE(splits_words("uno dos tres", 20, 50, ten_per_char));
}

TEST_CASE("explicit newlines start a new line and spaces do not pile up") {
    CHECK(wrap_text("Please see the desk\nError code E-1", 20, 300, ten_per_char) ==
          Lines{"Please see the desk", "Error code E-1"});
    CHECK(wrap_text("  two   spaces ", 20, 300, ten_per_char) == Lines{"two spaces"});
    CHECK(wrap_text("", 20, 300, ten_per_char).empty());
}
