#pragma once
// Text measurement with the real font, as sf::Text lays it out (advances plus kerning), read
// with FreeType (glyph_metrics.h) so that measuring renders nothing. Drawing still needs an
// OpenGL context, hence an X display; measuring does not.
#include <filesystem>

#include <SFML/Graphics/Font.hpp>

#include "ui/text_fit.h"

namespace alliance::ui {

// `configured` when set, else DejaVu Sans from Debian's fonts-dejavu-core.
std::filesystem::path font_path(const std::filesystem::path& configured);
// Loads font_path(configured) into `font` for drawing. Throws std::runtime_error naming the path
// when it cannot be loaded.
void load_font(sf::Font& font, const std::filesystem::path& configured);
// Measures with the font at font_path(configured), as `font` loaded from it would lay text out.
// Throws std::runtime_error naming the path when it cannot be read.
TextMeasure measure_with(const std::filesystem::path& configured);

}  // namespace alliance::ui
