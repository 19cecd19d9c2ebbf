#include "ui/layout.h"

#include <algorithm>
#include <cmath>

#include "core/api/widget_ids.h"
#include "ui/layout_parts.h"

namespace alliance::ui {
namespace detail {

Metrics metrics_at(float scale, bool compact, bool columns, const Sizes& s, float ppmm) {
    auto px = [&](float pref, float min) { return px_for_cap(std::max(min, pref * scale), ppmm, s); };
    Metrics m;
    m.px_per_mm = ppmm;
    m.target = s.min_target_mm * ppmm;
    m.comfortable = std::max(m.target, s.preferred_target_mm * std::min(scale, 1.0f) * ppmm);
    m.gap = (compact ? s.min_gap_mm : s.gap_mm) * ppmm;
    m.margin = (compact ? s.gap_mm : s.margin_mm) * ppmm;
    m.border = std::max(1.0f, s.border_mm * ppmm);
    m.hotspot = std::max(s.hotspot_mm, s.min_target_mm) * ppmm;
    m.title_px = px(s.title_cap_mm, s.min_title_cap_mm);
    m.heading_px = px(s.question_cap_mm, s.min_question_cap_mm);
    m.label_px = px(s.label_cap_mm, s.min_label_cap_mm);
    m.body_px = px(s.body_cap_mm, s.min_body_cap_mm);
    m.countdown_px = px(s.countdown_cap_mm, s.min_countdown_cap_mm);
    m.toolbar_px = px_for_cap(std::max(s.min_body_cap_mm, s.toolbar_cap_mm * std::min(scale, 1.0f)), ppmm, s);
    m.columns = columns;
    return m;
}

std::vector<const Widget*> Builder::in_region(Region r) const {
    std::vector<const Widget*> out;
    for (const auto& w : v_.widgets)
        if (w.region == r) out.push_back(&w);
    return out;
}

void Builder::hotspot(ScreenLayout& out) {
    const float s = m_.hotspot, W = static_cast<float>(in_.width), H = static_cast<float>(in_.height);
    const bool right = in_.staff_corner == Corner::top_right || in_.staff_corner == Corner::bottom_right;
    const bool bottom = in_.staff_corner == Corner::bottom_left || in_.staff_corner == Corner::bottom_right;
    const Rect box{right ? W - s : 0.0f, bottom ? H - s : 0.0f, s, s};
    for (const Widget* w : in_region(Region::hidden)) {
        if (w->selected && !w->label.empty()) {
            // The corner held for a while: it grows into a label that says the hold is working,
            // drawn over whatever is beside the corner, from the corner inward.
            const unsigned px = m_.body_px;
            const float pad = m_.pad(px);
            const float width = std::min(W - 2 * m_.margin, measure_(w->label, px) + 2 * pad + 1);
            PlacedWidget p = make_widget(*w, Rect{}, px, Align::center);
            p.lines = wrap_text(w->label, px, width - 2 * pad, measure_);
            const float height = std::max(s, static_cast<float>(p.lines.size()) * p.line_height + 1.2f * pad);
            p.box = Rect{right ? W - width : 0.0f, bottom ? H - height : 0.0f, width, height};
            out.widgets.push_back(std::move(p));
            continue;
        }
        PlacedWidget p;
        p.widget = *w;
        p.box = box;
        out.widgets.push_back(std::move(p));
    }
}

float Builder::flow_row(ScreenLayout& out, const std::vector<const Widget*>& widgets, float x0, float x1, float y,
                        bool down, unsigned px, float min_width, float min_height) {
    // The staff corner is invisible but must not sit under a button.
    const Rect spot{in_.staff_corner == Corner::top_right || in_.staff_corner == Corner::bottom_right
                        ? static_cast<float>(in_.width) - m_.hotspot
                        : 0.0f,
                    in_.staff_corner == Corner::bottom_left || in_.staff_corner == Corner::bottom_right
                        ? static_cast<float>(in_.height) - m_.hotspot
                        : 0.0f,
                    m_.hotspot, m_.hotspot};
    const float pad = m_.pad(px), bar_h = std::max(min_height, Metrics::line(px) + 1.2f * pad);
    std::size_t i = 0;
    float edge = y;
    while (i < widgets.size()) {
        Rect row{x0, down ? edge : edge - bar_h, x1 - x0, bar_h};
        if (row.overlaps(Rect{spot.x - m_.gap, spot.y, spot.w + 2 * m_.gap, spot.h})) {
            if (spot.x > x0)
                row.w = std::min(row.w, spot.x - m_.gap - x0);
            else
                row.x = std::max(row.x, spot.right() + m_.gap), row.w = x1 - row.x;
        }
        // Take as many as fit this row, at least one.
        std::vector<PlacedWidget> placed;
        float used = 0, tallest = bar_h;
        for (; i < widgets.size(); ++i) {
            float w = std::max(min_width, measure_(widgets[i]->label, px) + 2 * pad + 1);
            w = std::min(w, row.w);
            if (!placed.empty() && used + m_.gap + w > row.w) break;
            used += (placed.empty() ? 0 : m_.gap) + w;
            const float h = std::max(bar_h, label_height(*widgets[i], px, w - 2 * pad) + 1.2f * pad);
            tallest = std::max(tallest, h);
            placed.push_back(make_widget(*widgets[i], Rect{0, 0, w, h}, px, Align::center));
        }
        float x = row.right() - used;
        for (auto& p : placed) {
            p.box.x = x;
            p.box.y = down ? edge : edge - tallest;
            p.box.h = tallest;
            p.lines = wrap_text(p.widget.label, px, p.box.w - 2 * pad, measure_);
            x += p.box.w + m_.gap;
            out.widgets.push_back(std::move(p));
        }
        edge = down ? edge + tallest + m_.gap : edge - tallest - m_.gap;
    }
    return widgets.empty() ? y : (down ? edge - m_.gap : edge + m_.gap);
}

float Builder::top_bar(ScreenLayout& out) {
    const float W = static_cast<float>(in_.width);
    float x0 = m_.margin, bottom = m_.margin;
    if (in_.staff_corner == Corner::top_left) x0 = std::max(x0, m_.hotspot + m_.gap);
    if (v_.progress_total > 0) {
        const std::string text = std::to_string(v_.progress_current) + " / " + std::to_string(v_.progress_total);
        const float w = measure_(text, m_.body_px) + 2;
        const float h = std::max(m_.target, Metrics::line(m_.body_px));
        out.texts.push_back(PlacedText{
            TextRole::progress, Rect{x0, m_.margin, w, h}, m_.body_px, Metrics::line(m_.body_px), Align::left, {text}});
        x0 += w + m_.gap;
        bottom = m_.margin + h;
    }
    const auto tools = in_region(Region::accessibility);
    if (!tools.empty())
        bottom = std::max(bottom, flow_row(out, tools, x0, W - m_.margin, m_.margin, true, m_.toolbar_px,
                                           m_.target * 1.2f, m_.target));
    if (v_.progress_total > 0) {
        const float h = std::max(4.0f, 1.5f * m_.px_per_mm);
        out.progress_track = Rect{m_.margin, bottom + m_.gap, W - 2 * m_.margin, h};
        out.progress_fraction =
            std::clamp(static_cast<float>(v_.progress_current) / static_cast<float>(v_.progress_total), 0.0f, 1.0f);
        bottom = out.progress_track.bottom();
    }
    return bottom;
}

float Builder::bottom_bar(ScreenLayout& out) {
    const float W = static_cast<float>(in_.width), H = static_cast<float>(in_.height);
    auto nav = in_region(Region::navigation);
    float x0 = m_.margin, top = H - m_.margin;
    if (in_.staff_corner == Corner::bottom_left) x0 = std::max(x0, m_.hotspot + m_.gap);
    // Wide, equally tall buttons: the way on is the easiest thing on the screen to hit.
    const float pad = m_.pad(m_.label_px);
    const float min_w = std::max(m_.comfortable * 2.0f, m_.target * 3.0f);
    const float h = std::max(m_.comfortable, Metrics::line(m_.label_px) + 2 * pad);
    auto back = std::find_if(nav.begin(), nav.end(), [](const Widget* w) { return w->id == widget_id::back; });
    if (back != nav.end()) {
        // Back stays at the left edge, the way forward at the right.
        const float w = std::max(min_w, measure_((*back)->label, m_.label_px) + 2 * pad + 1);
        out.widgets.push_back(make_widget(**back, Rect{x0, H - m_.margin - h, w, h}, m_.label_px, Align::center));
        x0 += w + m_.gap;
        top = H - m_.margin - h;
        nav.erase(back);
    }
    if (!nav.empty())
        top = std::min(top, flow_row(out, nav, x0, W - m_.margin, H - m_.margin, false, m_.label_px, min_w, h));
    return top;
}

bool Builder::build(ScreenLayout& out) {
    out = ScreenLayout{};
    out.width = in_.width;
    out.height = in_.height;
    out.border_px = m_.border;
    const float W = static_cast<float>(in_.width), H = static_cast<float>(in_.height);
    float top = top_bar(out) + m_.gap;
    float bottom = bottom_bar(out) - m_.gap * 2;
    const bool corner_top = in_.staff_corner == Corner::top_left || in_.staff_corner == Corner::top_right;
    if (corner_top)
        top = std::max(top, m_.hotspot + m_.gap);
    else
        bottom = std::min(bottom, H - m_.hotspot - m_.gap);
    hotspot(out);
    if (bottom - top < m_.target) return false;
    if (!content(out, Rect{m_.margin, top, W - 2 * m_.margin, bottom - top}) || split_word_) return false;
    // The tree lists widgets in the View's reading order.
    auto rank = [&](const PlacedWidget& p) {
        for (std::size_t i = 0; i < v_.widgets.size(); ++i)
            if (v_.widgets[i].id == p.widget.id) return i;
        return v_.widgets.size();
    };
    std::stable_sort(out.widgets.begin(), out.widgets.end(),
                     [&](const PlacedWidget& a, const PlacedWidget& b) { return rank(a) < rank(b); });
    return true;
}

}  // namespace detail

Corner corner_from_name(const std::string& name) {
    if (name == "top-left") return Corner::top_left;
    if (name == "bottom-left") return Corner::bottom_left;
    if (name == "bottom-right") return Corner::bottom_right;
    return Corner::top_right;
}

unsigned px_for_cap(float cap_mm, float px_per_mm, const Sizes& s) {
    return static_cast<unsigned>(std::ceil(cap_mm * px_per_mm / s.cap_height_em));
}

float cap_mm_of(unsigned px, float px_per_mm, const Sizes& s) {
    return static_cast<float>(px) * s.cap_height_em / px_per_mm;
}

ScreenLayout lay_out(const View& view, const LayoutInput& in, const Theme& theme, const TextMeasure& measure) {
    const float start = view.large_text ? theme.sizes.large_text_factor : 1.0f;
    const KeyRows* rows = in.width > in.height ? &theme.keyboard_landscape : &theme.keyboard_portrait;
    if (rows->empty()) rows = nullptr;
    ScreenLayout out;
    // The largest scale that fits, in steps of 0.05 (below ~0.5 every size is at its minimum),
    // found by bisection: each try measures text at new sizes, which costs glyph rendering.
    // Passes: one column and normal gaps; then answers in columns; then tighter gaps.
    const int steps = static_cast<int>(std::lround((start - 0.45f) / 0.05f));
    auto scale_at = [&](int step) { return 0.45f + 0.05f * static_cast<float>(step); };
    for (auto [compact, columns] : {std::pair{false, false}, {false, true}, {true, false}, {true, true}}) {
        auto attempt = [&, compact = compact, columns = columns](int step, ScreenLayout& into) {
            return detail::Builder(view, in,
                                   detail::metrics_at(scale_at(step), compact, columns, theme.sizes, in.px_per_mm),
                                   measure, rows)
                .build(into);
        };
        if (attempt(steps, out)) {
            out.scale = scale_at(steps);
            return out;
        }
        if (!attempt(1, out)) continue;
        int lo = 1, hi = steps;  // lo fits, hi does not
        while (hi - lo > 1) {
            const int mid = (lo + hi) / 2;
            ScreenLayout trial;
            if (attempt(mid, trial))
                lo = mid;
            else
                hi = mid;
        }
        attempt(lo, out);
        out.scale = scale_at(lo);
        return out;
    }
    detail::Builder(view, in, detail::metrics_at(0.45f, true, true, theme.sizes, in.px_per_mm), measure, rows)
        .build(out);
    out.scale = 0.45f;
    out.fits = false;
    return out;
}

const PlacedWidget* widget_at(const ScreenLayout& layout, float x, float y) {
    for (const auto& w : layout.widgets)
        if (w.widget.enabled && w.box.contains(x, y)) return &w;
    return nullptr;
}

}  // namespace alliance::ui
