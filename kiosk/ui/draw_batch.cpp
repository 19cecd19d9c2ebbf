#include "ui/draw_batch.h"

#include <cmath>

namespace alliance::ui {
namespace {

void quad(sf::VertexArray& va, float x0, float y0, float x1, float y1, sf::Color c, sf::FloatRect tex = {}) {
    const sf::Vector2f t0(tex.left, tex.top), t1(tex.left + tex.width, tex.top + tex.height);
    va.append({{x0, y0}, c, {t0.x, t0.y}});
    va.append({{x1, y0}, c, {t1.x, t0.y}});
    va.append({{x0, y1}, c, {t0.x, t1.y}});
    va.append({{x0, y1}, c, {t0.x, t1.y}});
    va.append({{x1, y0}, c, {t1.x, t0.y}});
    va.append({{x1, y1}, c, {t1.x, t1.y}});
}

// The middle of the font texture's 2x2 white square: every sample there is opaque white.
const sf::FloatRect kWhiteTexel(1, 1, 0, 0);

sf::String decode(const std::string& utf8) { return sf::String::fromUtf8(utf8.begin(), utf8.end()); }

}  // namespace

void DrawBatch::rect(const Rect& r, sf::Color fill) {
    // Shapes sample the opaque white square that sf::Font keeps at (0, 0)-(1, 1) of every size's
    // texture (sf::Text draws underlines with it): colour times white is the colour, so they look
    // as untextured shapes would, and the whole frame is drawn in one GL state. Mesa's software
    // renderer compiles code for each state a context draws in (about 4 ms of CPU each at start).
    if (r.w > 0 && r.h > 0) quad(shapes_, r.x, r.y, r.right(), r.bottom(), fill, kWhiteTexel);
}

void DrawBatch::frame(const Rect& r, sf::Color color, float w) {
    if (w <= 0) return;
    rect({r.x, r.y, r.w, w}, color);
    rect({r.x, r.bottom() - w, r.w, w}, color);
    rect({r.x, r.y + w, w, r.h - 2 * w}, color);
    rect({r.right() - w, r.y + w, w, r.h - 2 * w}, color);
}

float DrawBatch::width(const std::string& utf8, unsigned px) const {
    const sf::String s = decode(utf8);
    float x = 0;
    sf::Uint32 previous = 0;
    for (std::size_t i = 0; i < s.getSize(); ++i) {
        x += font_.getKerning(previous, s[i], px) + font_.getGlyph(s[i], px, false).advance;
        previous = s[i];
    }
    return x;
}

void DrawBatch::text(const std::string& utf8, unsigned px, float x, float baseline, sf::Color color) {
    // As sf::Text lays out a line: glyph boxes relative to the pen on the baseline.
    sf::VertexArray& va = glyphs_.try_emplace(px, sf::Triangles).first->second;
    const sf::String s = decode(utf8);
    x = std::round(x);
    baseline = std::round(baseline);
    sf::Uint32 previous = 0;
    for (std::size_t i = 0; i < s.getSize(); ++i) {
        x += font_.getKerning(previous, s[i], px);
        const sf::Glyph& g = font_.getGlyph(s[i], px, false);
        if (g.bounds.width > 0) {
            const sf::FloatRect tex(static_cast<float>(g.textureRect.left), static_cast<float>(g.textureRect.top),
                                    static_cast<float>(g.textureRect.width), static_cast<float>(g.textureRect.height));
            quad(va, x + g.bounds.left, baseline + g.bounds.top, x + g.bounds.left + g.bounds.width,
                 baseline + g.bounds.top + g.bounds.height, color, tex);
        }
        x += g.advance;
        previous = s[i];
    }
}

void DrawBatch::draw(sf::RenderTarget& target) {
    // Any size's texture has the white square; the first one drawn is already made.
    sf::RenderStates shape_states;
    shape_states.texture = &font_.getTexture(glyphs_.empty() ? kShapesOnlyPx : glyphs_.begin()->first);
    target.draw(shapes_, shape_states);
    for (const auto& [px, va] : glyphs_) {
        sf::RenderStates states;
        states.texture = &font_.getTexture(px);
        target.draw(va, states);
    }
}

}  // namespace alliance::ui
