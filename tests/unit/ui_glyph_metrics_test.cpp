// Measuring with FreeType gives exactly the advances and kerning sf::Font lays text out with, so
// the layout (and every screenshot) is the same as when it measured with sf::Font::getGlyph.
#include <doctest/doctest.h>

#include <string>

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/Text.hpp>

#include "../ui/x_display.h"
#include "ui/font_measure.h"
#include "ui/glyph_metrics.h"

using namespace alliance::ui;

namespace {
// Every character the bundled content uses, and then some: ASCII, Spanish, typographic quotes.
std::u32string characters() {
    std::u32string s;
    for (char32_t c = 32; c < 127; ++c) s += c;
    s += U"áéíóúñüÁÉÍÓÚÑÜ¿¡—–…‘’“”·×€";
    return s;
}
}  // namespace

TEST_CASE("glyph advances and kerning equal sf::Font's at every size the layout uses") {
    alliance::test::ensure_display();
    sf::Font font;
    load_font(font, {});
    GlyphMetrics metrics(font_path({}));
    const std::u32string chars = characters();
    int compared = 0;
    for (unsigned px = 8; px <= 120; px += 1) {
        char32_t previous = 0;
        for (char32_t c : chars) {
            REQUIRE(metrics.advance(c, px) == font.getGlyph(c, px, false).advance);
            REQUIRE(metrics.kerning(previous, c, px) == font.getKerning(previous, c, px));
            previous = c;
            ++compared;
        }
    }
    CHECK(compared > 10000);
}

TEST_CASE("a measured line is as wide as sf::Text draws it") {
    alliance::test::ensure_display();
    sf::Font font;
    load_font(font, {});
    const TextMeasure measure = measure_with({});
    for (const std::string label : {"Tap to begin", "¿Con quién se atendió hoy?", "AVAWAY Te Yo", "Mi terapeuta"}) {
        for (unsigned px : {18u, 34u, 41u, 64u}) {
            sf::Text text(sf::String::fromUtf8(label.begin(), label.end()), font, px);
            const float drawn = text.findCharacterPos(text.getString().getSize()).x;
            CHECK_MESSAGE(measure(label, px) == doctest::Approx(drawn).epsilon(1e-6), label << " at " << px);
        }
    }
}

TEST_CASE("a font file that cannot be read is refused naming the file") {
    CHECK_THROWS_WITH(GlyphMetrics("/nonexistent/font.ttf"), doctest::Contains("/nonexistent/font.ttf"));
}
