#include "ui/font_measure.h"

#include <stdexcept>
#include <string>

#include <SFML/System/String.hpp>

namespace alliance::ui {

void load_font(sf::Font& font, const std::filesystem::path& configured) {
    const std::filesystem::path path =
        configured.empty() ? std::filesystem::path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
                           : configured;
    if (!font.loadFromFile(path.string()))
        throw std::runtime_error("cannot load the font " + path.string() +
                                 " (kiosk.font_file; Debian package fonts-dejavu-core)");
}

TextMeasure measure_with(const sf::Font& font) {
    return [&font](std::string_view text, unsigned px) {
        const std::string utf8(text);
        const sf::String s = sf::String::fromUtf8(utf8.begin(), utf8.end());
        float width = 0;
        sf::Uint32 previous = 0;
        for (std::size_t i = 0; i < s.getSize(); ++i) {
            const sf::Uint32 c = s[i];
            width += font.getKerning(previous, c, px);
            width += font.getGlyph(c, px, false).advance;
            previous = c;
        }
        return width;
    };
}

}  // namespace alliance::ui
