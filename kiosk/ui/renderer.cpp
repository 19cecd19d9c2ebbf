#include "ui/renderer.h"

#include <SFML/Graphics/Sprite.hpp>

#include <algorithm>

#include "core/api/widget_ids.h"
#include "ui/draw_batch.h"
#include "ui/photo_cache.h"

namespace alliance::ui {
namespace {

struct Colors {
    sf::Color fill, text, border;
};

// How a widget looks follows from its role and state alone.
Colors widget_colors(const PlacedWidget& w, const Palette& p) {
    if (!w.widget.enabled) return {p.disabled, p.disabled_text, p.choice_border};
    if (w.widget.selected) return {p.selected, p.selected_text, p.selected};
    if (w.widget.region == Region::accessibility) return {p.toolbar, p.toolbar_text, p.choice_border};
    // The keypad's OK is the way on, drawn like the other ways on.
    if (w.widget.id == widget_id::key_ok) return {p.button, p.button_text, p.button};
    if (w.widget.role == "choice" || w.widget.role == "key") return {p.choice, p.choice_text, p.choice_border};
    return {p.button, p.button_text, p.button};
}

// Lines top to bottom from `top`, aligned inside [x, x + width].
void draw_lines(DrawBatch& batch, const std::vector<std::string>& lines, unsigned px, float line_height, float x,
                float width, float top, Align align, sf::Color color) {
    // Centre the cap height in each line's box.
    const float cap = static_cast<float>(px) * 0.73f;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const float w = align == Align::left ? 0 : batch.width(lines[i], px);
        float lx = x;
        if (align == Align::center) lx = x + (width - w) / 2;
        if (align == Align::right) lx = x + width - w;
        const float baseline = top + static_cast<float>(i) * line_height + (line_height + cap) / 2;
        batch.text(lines[i], px, lx, baseline, color);
    }
}

// The photo, scaled to cover the square and cut to it from the middle; nullptr: none to draw.
std::unique_ptr<sf::Sprite> photo_sprite(const PlacedWidget& w) {
    if (!w.widget.portrait || w.widget.portrait->photo_file.empty()) return nullptr;
    const sf::Texture* texture = photo_texture(w.widget.portrait->photo_file);
    if (texture == nullptr) return nullptr;
    const auto size = texture->getSize();
    const unsigned side = std::min(size.x, size.y);
    auto sprite = std::make_unique<sf::Sprite>(
        *texture, sf::IntRect(static_cast<int>((size.x - side) / 2), static_cast<int>((size.y - side) / 2),
                              static_cast<int>(side), static_cast<int>(side)));
    const float scale = w.portrait.w / static_cast<float>(side);
    sprite->setScale(scale, scale);
    sprite->setPosition(w.portrait.x, w.portrait.y);
    return sprite;
}

}  // namespace

void draw_screen(sf::RenderTarget& target, const View& view, const ScreenLayout& layout, const Theme& theme,
                 const sf::Font& font) {
    const Palette& p = theme.palette(view.high_contrast);
    target.clear(p.background);
    DrawBatch batch(font);
    std::vector<std::unique_ptr<sf::Sprite>> photos;  // drawn over the batch
    if (layout.progress_track.w > 0) {
        batch.rect(layout.progress_track, p.progress_track);
        Rect done = layout.progress_track;
        done.w *= layout.progress_fraction;
        batch.rect(done, p.progress_fill);
    }
    if (layout.input_box.w > 0) {
        batch.rect(layout.input_box, p.input);
        batch.frame(layout.input_box, p.choice_border, layout.border_px * 2);
    }
    for (const auto& t : layout.texts) {
        const sf::Color color =
            t.role == TextRole::body || t.role == TextRole::scale_label || t.role == TextRole::progress ? p.muted
            : t.role == TextRole::input                                                                 ? p.input_text
                                                                                                        : p.text;
        draw_lines(batch, t.lines, t.text_px, t.line_height, t.box.x, t.box.w, t.box.y, t.align, color);
    }
    const auto draw_widget = [&](DrawBatch& batch, const PlacedWidget& w) {
        const Colors c = widget_colors(w, p);
        // Selected and high-contrast widgets get a thicker edge: shape as well as colour.
        const float edge = layout.border_px * (w.widget.selected || view.high_contrast ? 3.0f : 1.5f);
        batch.rect(w.box, c.fill);
        batch.frame(w.box, c.border, edge);
        const float pad = static_cast<float>(w.text_px) * 0.45f;
        const float block = static_cast<float>(w.lines.size()) * w.line_height;
        float x = w.align == Align::left ? w.box.x + pad : w.box.x;
        if (w.portrait.w > 0) {
            x = w.portrait.right() + pad;
            if (auto sprite = photo_sprite(w)) {
                photos.push_back(std::move(sprite));
            } else {
                // The initials tile: the way-on colours, so it reads as a face-sized badge (the
                // other way round on a chosen button, which already has that colour).
                const bool chosen = w.widget.selected;
                batch.rect(w.portrait, chosen ? p.selected_text : p.button);
                const auto px = static_cast<unsigned>(w.portrait.h * 0.42f);
                draw_lines(batch, {w.widget.portrait->initials}, px, w.portrait.h, w.portrait.x, w.portrait.w,
                           w.portrait.y, Align::center, chosen ? p.selected : p.button_text);
            }
        }
        const float width = w.align == Align::left ? w.box.right() - pad - x : w.box.w;
        const float top = w.box.y + (w.box.h - block) / 2;
        draw_lines(batch, w.lines, w.text_px, w.line_height, x, width, top, w.align, c.text);
        // A chosen answer says so by shape too, not by colour alone: a tick at its right end.
        if (w.widget.selected && w.widget.role == "choice" && w.align == Align::left)
            draw_lines(batch, {"\xE2\x9C\x93"}, w.text_px, w.line_height, x, width, top, Align::right, c.text);
    };
    const PlacedWidget* held_corner = nullptr;
    for (const auto& w : layout.widgets) {
        // The staff corner is not drawn, but while it is held it says so (the core selects it),
        // over everything else: a batch draws all its shapes before its text.
        if (w.widget.role == "hotspot") {
            if (w.widget.selected) held_corner = &w;
            continue;
        }
        draw_widget(batch, w);
    }
    batch.draw(target);
    for (const auto& sprite : photos) target.draw(*sprite);
    if (held_corner != nullptr) {
        DrawBatch over(font);
        draw_widget(over, *held_corner);
        over.draw(target);
    }
}

}  // namespace alliance::ui
