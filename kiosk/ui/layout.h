#pragma once
// Turns a View into positioned widgets and texts for a window of a given size. Pure: no window,
// no drawing; text is measured through a TextMeasure. Sizes come from the theme in millimetres
// and the screen's pixels per millimetre. The layout starts at the preferred sizes (times the A+
// factor when large text is on) and shrinks until everything fits, never below the minimums.
#include <string>
#include <vector>

#include "core/api/view.h"
#include "ui/text_fit.h"
#include "ui/theme.h"

namespace alliance::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    bool overlaps(const Rect& o) const { return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom(); }
};

enum class TextRole { title, heading, body, progress, input, scale_label, countdown };
enum class Align { left, center, right };

struct PlacedText {
    TextRole role = TextRole::body;
    Rect box;  // the lines fit inside (checked by check_layout)
    unsigned text_px = 0;
    float line_height = 0;
    Align align = Align::left;
    std::vector<std::string> lines;
};

struct PlacedWidget {
    Widget widget;
    Rect box;
    unsigned text_px = 0;
    float line_height = 0;
    std::vector<std::string> lines;  // the label, wrapped to the box
    Align align = Align::center;
    Rect portrait;  // the therapist's photo or initials tile; w == 0: none
};

enum class Corner { top_left, top_right, bottom_left, bottom_right };
// "top-left" ...; anything else is top-right (the config checks the value).
Corner corner_from_name(const std::string& name);

struct LayoutInput {
    unsigned width = 1280, height = 800;
    float px_per_mm = 149.4f / 25.4f;
    Corner staff_corner = Corner::top_right;
};

struct ScreenLayout {
    std::vector<PlacedWidget> widgets;  // reading order; the hotspot included
    std::vector<PlacedText> texts;
    Rect progress_track;  // empty when no progress is shown
    float progress_fraction = 0;
    Rect input_box;  // the typed text's field on keyboard/keypad screens
    float border_px = 1;
    float scale = 1;   // the factor the sizes were finally laid out at
    bool fits = true;  // false: even the minimum sizes did not fit
    unsigned width = 0, height = 0;
};

ScreenLayout lay_out(const View& view, const LayoutInput& in, const Theme& theme, const TextMeasure& measure);

// The widget under a point (hidden ones included, disabled ones not); nullptr when none.
const PlacedWidget* widget_at(const ScreenLayout& layout, float x, float y);

// Character size in pixels for a cap height in millimetres, and back.
unsigned px_for_cap(float cap_mm, float px_per_mm, const Sizes& sizes);
float cap_mm_of(unsigned px, float px_per_mm, const Sizes& sizes);

}  // namespace alliance::ui
