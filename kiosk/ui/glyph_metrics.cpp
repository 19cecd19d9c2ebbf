#include "ui/glyph_metrics.h"

#include <stdexcept>

#include <ft2build.h>
#include FT_FREETYPE_H

namespace alliance::ui {

struct GlyphMetrics::FreeType {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    ~FreeType() {
        if (face != nullptr) FT_Done_Face(face);
        if (library != nullptr) FT_Done_FreeType(library);
    }
};

GlyphMetrics::GlyphMetrics(const std::filesystem::path& font_file) : ft_(std::make_unique<FreeType>()) {
    if (FT_Init_FreeType(&ft_->library) != 0)
        throw std::runtime_error("cannot start FreeType to measure the font " + font_file.string());
    if (FT_New_Face(ft_->library, font_file.c_str(), 0, &ft_->face) != 0)
        throw std::runtime_error("cannot load the font " + font_file.string() +
                                 " (kiosk.font_file; Debian package fonts-dejavu-core)");
    // As sf::Font: Unicode character map.
    FT_Select_Charmap(ft_->face, FT_ENCODING_UNICODE);
}

GlyphMetrics::~GlyphMetrics() = default;

bool GlyphMetrics::set_size(unsigned px) {
    if (size_ == px) return true;
    if (FT_Set_Pixel_Sizes(ft_->face, 0, px) != 0) return false;
    size_ = px;
    return true;
}

float GlyphMetrics::advance(char32_t c, unsigned px) {
    const std::uint64_t key = (static_cast<std::uint64_t>(px) << 32) | c;
    if (auto hit = advances_.find(key); hit != advances_.end()) return hit->second;
    float width = 0;
    // The flags sf::Font::loadGlyph uses: hinting changes the advance, so they must match.
    if (set_size(px) && FT_Load_Char(ft_->face, c, FT_LOAD_TARGET_NORMAL | FT_LOAD_FORCE_AUTOHINT) == 0)
        width = static_cast<float>(ft_->face->glyph->metrics.horiAdvance) / static_cast<float>(1 << 6);
    advances_.emplace(key, width);
    return width;
}

float GlyphMetrics::kerning(char32_t first, char32_t second, unsigned px) {
    if (first == 0 || second == 0 || !FT_HAS_KERNING(ft_->face) || !set_size(px)) return 0;
    FT_Vector k;
    if (FT_Get_Kerning(ft_->face, FT_Get_Char_Index(ft_->face, first), FT_Get_Char_Index(ft_->face, second),
                       FT_KERNING_DEFAULT, &k) != 0)
        return 0;
    if (!FT_IS_SCALABLE(ft_->face)) return static_cast<float>(k.x);
    return static_cast<float>(k.x) / static_cast<float>(1 << 6);
}

}  // namespace alliance::ui
