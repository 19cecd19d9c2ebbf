#include "ui/font_measure.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <SFML/System/String.hpp>

#include "ui/glyph_metrics.h"

namespace alliance::ui {

std::filesystem::path font_path(const std::filesystem::path& configured) {
    return configured.empty() ? std::filesystem::path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") : configured;
}

void load_font(sf::Font& font, const std::filesystem::path& configured) {
    const std::filesystem::path path = font_path(configured);
    if (!font.loadFromFile(path.string()))
        throw std::runtime_error("cannot load the font " + path.string() +
                                 " (kiosk.font_file; Debian package fonts-dejavu-core)");
}

TextMeasure measure_with(const std::filesystem::path& configured) {
    auto metrics = std::make_shared<GlyphMetrics>(font_path(configured));
    // The layout measures the same labels again on every redraw of a screen: remember them.
    auto cache = std::make_shared<std::unordered_map<std::string, float>>();
    return [metrics, cache](std::string_view text, unsigned px) {
        std::string key = std::to_string(px) + '\x1f';
        key += text;
        if (auto hit = cache->find(key); hit != cache->end()) return hit->second;
        if (cache->size() > 50000) cache->clear();  // bounded: typed comments vary without end
        const std::string utf8(text);
        const sf::String s = sf::String::fromUtf8(utf8.begin(), utf8.end());
        float width = 0;
        char32_t previous = 0;
        for (std::size_t i = 0; i < s.getSize(); ++i) {
            const char32_t c = s[i];
            width += metrics->kerning(previous, c, px);
            width += metrics->advance(c, px);
            previous = c;
        }
        cache->emplace(std::move(key), width);
        return width;
    };
}

}  // namespace alliance::ui
