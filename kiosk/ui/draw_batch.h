#pragma once
// Collects a frame's rectangles and glyphs into a few vertex arrays so that a screen is a
// handful of draw calls instead of two per widget and one per line: with Mesa's software
// renderer (no GPU in a kiosk tablet's Xwayland, or Xvfb) each call has a fixed cost.
#include <map>
#include <string>

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/VertexArray.hpp>

#include "ui/layout.h"

namespace alliance::ui {

class DrawBatch {
public:
    explicit DrawBatch(const sf::Font& font) : font_(font), shapes_(sf::Triangles) {}
    void rect(const Rect& r, sf::Color fill);
    // A frame of `width` inside `r`.
    void frame(const Rect& r, sf::Color color, float width);
    // One line of UTF-8 text with its baseline at `baseline`, starting at `x`.
    void text(const std::string& utf8, unsigned px, float x, float baseline, sf::Color color);
    // Width of a line as text() would lay it out.
    float width(const std::string& utf8, unsigned px) const;
    // Shapes first, then text, one draw call per character size.
    void draw(sf::RenderTarget& target);

private:
    // The texture size whose white square a batch without text draws its shapes with.
    static constexpr unsigned kShapesOnlyPx = 16;
    const sf::Font& font_;
    sf::VertexArray shapes_;
    std::map<unsigned, sf::VertexArray> glyphs_;  // by character size: one texture each
};

}  // namespace alliance::ui
