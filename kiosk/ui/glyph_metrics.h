#pragma once
// Glyph advances and kerning read from the font file with FreeType, without rasterising.
// sf::Font::getGlyph renders a glyph into a texture page for every character size it is asked
// about, so measuring text with it rasterised every size the shrink-to-fit tried before the
// first frame; this reads the same numbers SFML 2.5 uses for layout (the hinted horiAdvance under
// FT_LOAD_TARGET_NORMAL | FT_LOAD_FORCE_AUTOHINT, and FT_Get_Kerning) and leaves rendering to the
// sizes actually drawn.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <unordered_map>

namespace alliance::ui {

class GlyphMetrics {
public:
    // Opens `font_file`; throws std::runtime_error naming it when FreeType cannot.
    explicit GlyphMetrics(const std::filesystem::path& font_file);
    ~GlyphMetrics();
    GlyphMetrics(const GlyphMetrics&) = delete;
    GlyphMetrics& operator=(const GlyphMetrics&) = delete;

    // Pixels the pen moves after `c` at character size `px` (0 for a character the font lacks a
    // glyph for and cannot load, as sf::Font then gives).
    float advance(char32_t c, unsigned px);
    // Kerning between `first` and `second` at `px` (0 when either is 0 or the font has none).
    float kerning(char32_t first, char32_t second, unsigned px);

private:
    bool set_size(unsigned px);
    struct FreeType;
    std::unique_ptr<FreeType> ft_;
    unsigned size_ = 0;
    std::unordered_map<std::uint64_t, float> advances_;  // (px << 32 | code point) -> advance
};

}  // namespace alliance::ui
