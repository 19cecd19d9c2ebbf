#pragma once
// Draws a laid-out screen. Knows colours and shapes, nothing of what a tap means.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>

#include "core/api/view.h"
#include "ui/layout.h"
#include "ui/theme.h"

namespace alliance::ui {

void draw_screen(sf::RenderTarget& target, const View& view, const ScreenLayout& layout, const Theme& theme,
                 const sf::Font& font);

}  // namespace alliance::ui
