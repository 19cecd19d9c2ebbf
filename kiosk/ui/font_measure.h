#pragma once
// Text measurement with the real font, as sf::Text lays it out (advances plus kerning).
// Loading glyphs needs an OpenGL context, hence an X display, but no window.
#include <filesystem>

#include <SFML/Graphics/Font.hpp>

#include "ui/text_fit.h"

namespace alliance::ui {

// The font from `configured` when set, else DejaVu Sans from Debian's fonts-dejavu-core.
// Throws std::runtime_error naming the path when it cannot be loaded.
void load_font(sf::Font& font, const std::filesystem::path& configured);
// Measures with `font`, which must outlive the returned function.
TextMeasure measure_with(const sf::Font& font);

}  // namespace alliance::ui
