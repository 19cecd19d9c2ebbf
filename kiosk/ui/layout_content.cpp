// The middle of each screen, between the toolbar and the navigation bar. Every function places
// what it was given even when it does not fit, and says whether it did, so that the fitting loop
// can try smaller sizes and the last attempt still shows everything it can.
#include <algorithm>
#include <cmath>

#include "core/api/widget_ids.h"
#include "ui/layout_parts.h"

namespace alliance::ui::detail {

float Builder::text_height(const std::string& text, unsigned px, float width) const {
    if (text.empty()) return 0;
    return static_cast<float>(wrap_text(text, px, width, measure_).size()) * Metrics::line(px);
}

float Builder::text_block(ScreenLayout& out, TextRole role, const std::string& text, unsigned px, Rect box,
                          Align align) {
    if (text.empty()) return 0;
    PlacedText t{role, box, px, Metrics::line(px), align, wrap_text(text, px, box.w, measure_)};
    split_word_ = split_word_ || splits_words(text, px, box.w, measure_);
    t.box.h = static_cast<float>(t.lines.size()) * t.line_height;
    out.texts.push_back(std::move(t));
    return out.texts.back().box.h;
}

float Builder::label_height(const Widget& w, unsigned px, float width) const {
    width = std::max(1.0f, width - portrait_room(w, px));
    return std::max(1.0f, text_height(w.label, px, width) / Metrics::line(px)) * Metrics::line(px);
}

// A face as tall as a comfortable button less a small inset, left of the name.
float Builder::portrait_room(const Widget& w, unsigned px) const {
    return w.portrait ? m_.comfortable - m_.pad(px) * 0.5f + m_.pad(px) : 0.0f;
}

PlacedWidget Builder::make_widget(const Widget& w, Rect box, unsigned px, Align align, float pad) const {
    if (pad < 0) pad = m_.pad(px);
    PlacedWidget p;
    p.widget = w;
    p.box = box;
    p.text_px = px;
    p.line_height = Metrics::line(px);
    // Left-aligned answers keep room at their right end for the renderer's tick when chosen.
    const float tick = align == Align::left ? static_cast<float>(px) : 0.0f;
    const float room = portrait_room(w, px);
    if (room > 0) {
        const float inset = m_.pad(px) * 0.25f;
        const float side = std::min(room - m_.pad(px), box.h - 2 * inset);
        p.portrait = Rect{box.x + inset * 2, box.y + (box.h - side) / 2, side, side};
    }
    const float width = std::max(1.0f, box.w - 2 * pad - tick - room);
    p.lines = wrap_text(w.label, px, width, measure_);
    split_word_ = split_word_ || splits_words(w.label, px, width, measure_);
    p.align = align;
    return p;
}

bool Builder::stack_answers(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect a, Align align) {
    const unsigned px = m_.label_px;
    const float pad = m_.pad(px);
    // One column if it fits, else two or three (a long list of therapists, the staff menu).
    // One column keeps an ordinal scale in reading order; columns only once that failed at
    // every size (Metrics::columns).
    const int max_cols = m_.columns ? 3 : 1;
    for (int cols = 1; cols <= max_cols; ++cols) {
        const float cell_w = (a.w - m_.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        const bool last_try = cols == max_cols || cell_w / 2 < m_.target * 2;
        std::vector<float> heights;
        float total = 0;
        for (std::size_t i = 0; i < answers.size(); i += static_cast<std::size_t>(cols)) {
            float h = m_.comfortable;
            for (std::size_t j = i; j < std::min(answers.size(), i + static_cast<std::size_t>(cols)); ++j)
                h = std::max(h,
                             label_height(*answers[j], px,
                                          cell_w - 2 * pad - (align == Align::left ? static_cast<float>(px) : 0.0f)) +
                                 2 * pad);
            heights.push_back(h);
            total += h + (i == 0 ? 0 : m_.gap);
        }
        if (total > a.h && !last_try) continue;
        // Room to spare (portrait, short lists): taller buttons, up to half as tall again.
        if (total < a.h && !heights.empty()) {
            const float extra = std::min((a.h - total) / static_cast<float>(heights.size()), m_.comfortable * 0.5f);
            for (float& h : heights) h += extra;
        }
        float y = a.y;
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const std::size_t row = i / static_cast<std::size_t>(cols), col = i % static_cast<std::size_t>(cols);
            const float x = a.x + static_cast<float>(col) * (cell_w + m_.gap);
            out.widgets.push_back(make_widget(*answers[i], Rect{x, y, cell_w, heights[row]}, px, align));
            if (col + 1 == static_cast<std::size_t>(cols) || i + 1 == answers.size()) y += heights[row] + m_.gap;
        }
        return total <= a.h;
    }
    return true;
}

int Builder::key_units(const Widget& k, unsigned px, float cell) const {
    // One cell for a letter, more for "space" or a long label such as "Borrar".
    int units = static_cast<int>(std::ceil((measure_(k.label, px) + m_.pad(px) * 0.5f + m_.gap) / (cell + m_.gap)));
    // Space is wide; in portrait one cell narrower, so that shift, ' and delete share its row.
    if (k.id == widget_id::key_space) units = std::max(units, in_.width > in_.height ? 4 : 3);
    return std::max(units, 1);
}

bool Builder::grid(ScreenLayout& out, const std::vector<const Widget*>& keys, Rect a, int columns, float max_cell_w,
                   const KeyRows* arrangement) {
    const unsigned px = m_.label_px;
    std::vector<std::vector<const Widget*>> rows;
    std::vector<const Widget*> rest = keys;
    if (arrangement) {
        for (const auto& names : *arrangement) {
            rows.emplace_back();
            for (const auto& name : names) {
                auto it = std::find_if(rest.begin(), rest.end(),
                                       [&](const Widget* k) { return k->id == widget_id::key(name); });
                if (it != rest.end()) rows.back().push_back(*it), rest.erase(it);
            }
            if (rows.back().empty()) rows.pop_back();
        }
        columns = 1;
        for (const auto& row : rows) columns = std::max(columns, static_cast<int>(row.size()));
    }
    while (columns > 1 && (a.w - m_.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns) < m_.target)
        --columns;
    const float cell =
        std::min(max_cell_w, (a.w - m_.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
    // Keys no row names (or every key, without an arrangement) flow into rows of `columns` cells.
    int used = columns;
    for (const Widget* k : rest) {
        const int units = std::min(key_units(*k, px, cell), columns);
        if (used + units > columns) rows.emplace_back(), used = 0;
        rows.back().push_back(k);
        used += units;
    }
    const float n = static_cast<float>(rows.size());
    const float key_h = std::max(
        {m_.target, Metrics::line(px) + m_.pad(px) * 0.5f, std::min(m_.comfortable, (a.h - m_.gap * (n - 1)) / n)});
    float y = a.y;
    for (const auto& row : rows) {
        // A row wider than the grid (long labels) shrinks its cells rather than spill over.
        int units = 0;
        for (const Widget* k : row) units += std::min(key_units(*k, px, cell), columns);
        const float unit = std::min(cell, (a.w + m_.gap) / static_cast<float>(units) - m_.gap);
        const float row_w = static_cast<float>(units) * (unit + m_.gap) - m_.gap;
        float x = a.x + (a.w - row_w) / 2;
        for (const Widget* k : row) {
            const int u = std::min(key_units(*k, px, cell), columns);
            const float w = static_cast<float>(u) * (unit + m_.gap) - m_.gap;
            out.widgets.push_back(make_widget(*k, Rect{x, y, w, key_h}, px, Align::center, m_.pad(px) * 0.25f));
            x += w + m_.gap;
        }
        y += key_h + m_.gap;
    }
    return y - m_.gap <= a.bottom() + 0.5f;
}

bool Builder::scale_row(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect a) {
    const unsigned px = m_.label_px;
    const float pad = m_.pad(px) * 0.5f;
    float widest_label = 0;
    for (const Widget* w : answers) widest_label = std::max(widest_label, measure_(w->label, px));
    const std::size_t n = answers.size();
    std::size_t per_row = n;
    auto cell_w = [&](std::size_t k) { return (a.w - m_.gap * static_cast<float>(k - 1)) / static_cast<float>(k); };
    while (per_row > 1 && (cell_w(per_row) < m_.target || cell_w(per_row) < widest_label + 2 * pad))
        per_row = (per_row + 1) / 2;
    const float w = std::min(cell_w(per_row), m_.comfortable * 2.5f);
    const float h = m_.comfortable * 1.2f;
    float y = a.y;
    for (std::size_t i = 0; i < n; i += per_row) {
        const std::size_t count = std::min(per_row, n - i);
        const float row_w = static_cast<float>(count) * (w + m_.gap) - m_.gap;
        float x = a.x + (a.w - row_w) / 2;
        for (std::size_t j = i; j < i + count; ++j, x += w + m_.gap)
            out.widgets.push_back(make_widget(*answers[j], Rect{x, y, w, h}, px, Align::center, pad));
        y += h + m_.gap;
    }
    // End labels under the first and the last button of the scale.
    const float half = (a.w - m_.gap) / 2;
    const float low =
        text_block(out, TextRole::scale_label, v_.scale_low, m_.body_px, Rect{a.x, y, half, 0}, Align::left);
    const float high = text_block(out, TextRole::scale_label, v_.scale_high, m_.body_px,
                                  Rect{a.x + half + m_.gap, y, half, 0}, Align::right);
    return y + std::max(low, high) <= a.bottom() + 0.5f;
}

float Builder::input_field(ScreenLayout& out, Rect a) {
    const unsigned px = m_.label_px;
    const float pad = m_.pad(px);
    // Two lines of typed text where there is height to spare (portrait), else one.
    const int max_lines = v_.layout == Layout::keyboard && in_.height > in_.width ? 2 : 1;
    const float h = Metrics::line(px) * static_cast<float>(max_lines) + 2 * pad;
    out.input_box = Rect{a.x, a.y, a.w, h};
    auto lines = wrap_text(v_.input_text, px, a.w - 2 * pad, measure_);
    // Show the end of a long comment: that is where the patient is typing.
    if (lines.size() > static_cast<std::size_t>(max_lines)) lines.erase(lines.begin(), lines.end() - max_lines);
    out.texts.push_back(
        PlacedText{TextRole::input,
                   Rect{a.x + pad, a.y + pad, a.w - 2 * pad, Metrics::line(px) * static_cast<float>(lines.size())}, px,
                   Metrics::line(px), Align::left, lines});
    return h;
}

bool Builder::message_content(ScreenLayout& out, Rect a) {
    const auto answers = in_region(Region::answers);
    const float gap = m_.gap;
    const unsigned tp = v_.screen == Screen::question ? m_.heading_px : m_.title_px;
    float h = text_height(v_.heading, tp, a.w) + gap * 2;
    if (!v_.body.empty()) h += text_height(v_.body, m_.body_px, a.w) + gap * 2;
    if (v_.countdown) h += Metrics::line(m_.countdown_px) + gap * 2;
    const float bw = std::min(a.w, std::max(a.w * 0.6f, m_.comfortable * 4));
    float bh = 0;
    for (const Widget* w : answers)
        bh += std::max(m_.comfortable,
                       label_height(*w, m_.label_px, bw - 2 * m_.pad(m_.label_px)) + 2 * m_.pad(m_.label_px)) +
              gap;
    h += bh;
    float y = a.y + std::max(0.0f, (a.h - h) / 2);
    y += text_block(out, TextRole::title, v_.heading, tp, Rect{a.x, y, a.w, 0}, Align::center) + gap * 2;
    if (!v_.body.empty())
        y += text_block(out, TextRole::body, v_.body, m_.body_px, Rect{a.x, y, a.w, 0}, Align::center) + gap * 2;
    if (v_.countdown)
        y += text_block(out, TextRole::countdown, std::to_string(*v_.countdown), m_.countdown_px, Rect{a.x, y, a.w, 0},
                        Align::center) +
             gap * 2;
    stack_answers(out, answers, Rect{a.x + (a.w - bw) / 2, y, bw, a.bottom() - y}, Align::center);
    return h - gap <= a.h + 0.5f;
}

bool Builder::yes_no_row(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect rest) {
    const float gap = m_.gap;
    const float w = std::min((rest.w - gap) / 2, m_.comfortable * 5);
    const float x = rest.x + (rest.w - (2 * w + gap)) / 2;
    bool fits = true;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const float h =
            std::max(m_.comfortable * 1.5f, label_height(*answers[i], m_.label_px, w) + 2 * m_.pad(m_.label_px));
        const std::size_t column = i % 2, row = i / 2;  // two a row
        const Rect box{x + static_cast<float>(column) * (w + gap), rest.y + static_cast<float>(row) * (h + gap), w, h};
        out.widgets.push_back(make_widget(*answers[i], box, m_.label_px, Align::center));
        fits = fits && box.bottom() <= rest.bottom() + 0.5f;
    }
    return fits;
}

bool Builder::field_and_keys(ScreenLayout& out, Rect a, Rect text_area, Rect rest, float y, bool side_by_side) {
    const auto answers = in_region(Region::answers);
    const auto keys = in_region(Region::keys);
    const float gap = m_.gap;
    // Side by side, the typed code sits under the heading and the keys take the right; else the
    // field comes first and the keys below it.
    Rect k = rest;
    bool field_fits = true;
    if (side_by_side) {
        field_fits = y + gap * 2 + input_field(out, Rect{a.x, y + gap * 2, text_area.w, 0}) <= a.bottom();
    } else {
        const float field = input_field(out, rest);
        k = Rect{rest.x, rest.y + field + gap * 2, rest.w, rest.h - field - gap * 2};
    }
    const bool keypad = v_.layout == Layout::keypad;
    const std::size_t before = out.widgets.size();
    bool fits = grid(out, keys, k, keypad ? 3 : 10, keypad ? m_.comfortable * 2 : 1e9f, keypad ? nullptr : key_rows_);
    // A keypad screen may have answer-region buttons too (e.g. "no code").
    if (!answers.empty()) {
        const float used = (out.widgets.size() > before ? out.widgets.back().box.bottom() : k.y) + gap * 2;
        fits = stack_answers(out, answers, Rect{rest.x, used, rest.w, rest.bottom() - used}, Align::center) && fits;
    }
    return fits && field_fits;
}

bool Builder::content(ScreenLayout& out, Rect a) {
    if (v_.layout == Layout::message) return message_content(out, a);
    // Question-like screens: the heading (and hint) at the top, the answers below — or, on a
    // wide landscape screen with a list, the text on the left and the answers on the right.
    const auto answers = in_region(Region::answers);
    const float gap = m_.gap;
    const bool side_by_side =
        (v_.layout == Layout::list || v_.layout == Layout::keypad) && in_.width * 4 >= in_.height * 5;
    Rect text_area = a, rest = a;
    if (side_by_side) {
        text_area.w = a.w * 0.44f;
        rest = Rect{a.x + text_area.w + gap * 2, a.y, a.w - text_area.w - gap * 2, a.h};
    }
    float y = a.y;
    y += text_block(out, TextRole::heading, v_.heading, m_.heading_px, text_area, Align::left);
    if (!v_.body.empty())
        y +=
            gap + text_block(out, TextRole::body, v_.body, m_.body_px, Rect{a.x, y + gap, text_area.w, 0}, Align::left);
    const bool text_fits = y <= a.bottom();
    if (!side_by_side) rest = Rect{a.x, y + gap * 2, a.w, a.bottom() - y - gap * 2};
    switch (v_.layout) {
        case Layout::list: return stack_answers(out, answers, rest, Align::left) && text_fits;
        case Layout::scale: return scale_row(out, answers, rest) && text_fits;
        case Layout::yes_no: return yes_no_row(out, answers, rest) && text_fits;
        case Layout::keyboard:
        case Layout::keypad: return field_and_keys(out, a, text_area, rest, y, side_by_side) && text_fits;
        case Layout::message: break;
    }
    return text_fits;
}

}  // namespace alliance::ui::detail
