#pragma once
// Internal to the layout: the sizes at one scale and the builder shared by layout.cpp (frame:
// toolbars, hotspot, the fitting loop) and layout_content.cpp (the middle of each screen).
#include <vector>

#include "ui/layout.h"

namespace alliance::ui::detail {

// Pixel sizes at one scale factor.
struct Metrics {
    float px_per_mm = 1;
    float target = 0;       // minimum short side of a touch target
    float comfortable = 0;  // preferred height of an answer button
    float margin = 0, gap = 0, border = 1, hotspot = 0;
    unsigned title_px = 0, heading_px = 0, label_px = 0, body_px = 0, countdown_px = 0, toolbar_px = 0;
    bool columns = false;  // answers may go into 2-3 columns (after one column failed at every size)
    static float line(unsigned px) { return static_cast<float>(px) * 1.22f; }
    float pad(unsigned px) const { return static_cast<float>(px) * 0.45f; }
};

Metrics metrics_at(float scale, bool compact, bool columns, const Sizes& sizes, float px_per_mm);

class Builder {
public:
    Builder(const View& view, const LayoutInput& in, const Metrics& m, const TextMeasure& measure,
            const KeyRows* key_rows)
        : v_(view), in_(in), m_(m), measure_(measure), key_rows_(key_rows) {}
    // Lays out everything; false when the content does not fit at these sizes.
    bool build(ScreenLayout& out);

private:
    // frame (layout.cpp)
    float top_bar(ScreenLayout& out);     // returns the bar's bottom edge
    float bottom_bar(ScreenLayout& out);  // returns the bar's top edge
    void hotspot(ScreenLayout& out);
    std::vector<const Widget*> in_region(Region r) const;
    // Flows `widgets` into right-aligned rows between x0 and x1 starting at y (downwards when
    // down, else upwards from y as the bottom edge). Returns the far edge.
    float flow_row(ScreenLayout& out, const std::vector<const Widget*>& widgets, float x0, float x1, float y, bool down,
                   unsigned px, float min_width, float min_height);

    // content (layout_content.cpp)
    bool content(ScreenLayout& out, Rect area);
    // Centred: a title, a line of explanation, the countdown, the big buttons.
    bool message_content(ScreenLayout& out, Rect area);
    // Two big buttons a row (yes / no), centred in `area`.
    bool yes_no_row(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect area);
    // The typed field and the keys (keyboard or keypad), then any answer-region buttons. `text_y`:
    // where the heading and hint end; side by side, the field goes under them in `text_area`.
    bool field_and_keys(ScreenLayout& out, Rect area, Rect text_area, Rect rest, float text_y, bool side_by_side);
    float text_block(ScreenLayout& out, TextRole role, const std::string& text, unsigned px, Rect box,
                     Align align);  // returns the height used
    float text_height(const std::string& text, unsigned px, float width) const;
    // `pad`: the room kept on each side of the label; < 0 for the usual m_.pad(px).
    PlacedWidget make_widget(const Widget& w, Rect box, unsigned px, Align align, float pad = -1) const;
    // The width a widget's portrait takes from its label (the side and a gap); 0 without one.
    float portrait_room(const Widget& w, unsigned px) const;
    float label_height(const Widget& w, unsigned px, float width) const;
    bool stack_answers(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect area, Align align);
    // Keys in rows: as `rows` arranges them (keys it does not name follow at the end), or
    // flowed `columns` to a row when rows is null.
    bool grid(ScreenLayout& out, const std::vector<const Widget*>& keys, Rect area, int columns, float max_cell_w,
              const KeyRows* rows);
    int key_units(const Widget& key, unsigned px, float cell) const;
    bool scale_row(ScreenLayout& out, const std::vector<const Widget*>& answers, Rect area);
    float input_field(ScreenLayout& out, Rect area);

    const View& v_;
    const LayoutInput& in_;
    Metrics m_;
    const TextMeasure& measure_;
    const KeyRows* key_rows_;
    // Set when a label or text had to be split inside a word: the layout then counts as not
    // fitting, so that smaller sizes are tried before a word is ever cut.
    mutable bool split_word_ = false;
};

}  // namespace alliance::ui::detail
