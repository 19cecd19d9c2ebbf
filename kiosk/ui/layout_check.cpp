#include "ui/layout_check.h"

#include <cstdio>

namespace alliance::ui {
namespace {

std::string describe(const Rect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.0f,%.0f %.0fx%.0f)", static_cast<double>(r.x), static_cast<double>(r.y),
                  static_cast<double>(r.w), static_cast<double>(r.h));
    return buf;
}

const char* role_name(TextRole r) {
    switch (r) {
        case TextRole::title: return "title";
        case TextRole::heading: return "heading";
        case TextRole::body: return "body";
        case TextRole::progress: return "progress";
        case TextRole::input: return "input";
        case TextRole::scale_label: return "scale label";
        case TextRole::countdown: return "countdown";
    }
    return "text";
}

bool inside(const Rect& r, float w, float h) {
    const float slack = 0.5f;
    return r.x >= -slack && r.y >= -slack && r.right() <= w + slack && r.bottom() <= h + slack;
}

}  // namespace

std::vector<std::string> check_layout(const ScreenLayout& l, const Theme& theme, float ppmm,
                                      const TextMeasure& measure) {
    std::vector<std::string> problems;
    const float W = static_cast<float>(l.width), H = static_cast<float>(l.height);
    const float min_target = theme.sizes.min_target_mm * ppmm - 0.5f;
    if (!l.fits) problems.push_back("the content did not fit even at the minimum sizes");
    for (const auto& w : l.widgets) {
        const std::string name = "widget " + w.widget.id + " " + describe(w.box);
        if (!inside(w.box, W, H)) problems.push_back(name + " is outside the window");
        if (std::min(w.box.w, w.box.h) < min_target) problems.push_back(name + " is smaller than the minimum target");
        if (w.widget.role == "hotspot") continue;
        const float text_h = static_cast<float>(w.lines.size()) * w.line_height;
        if (text_h > w.box.h + 0.5f) problems.push_back(name + ": its label is taller than the button");
        // A portrait (therapist photo) is inside its button, nearly a target tall, and takes
        // its width from the label's.
        const float text_w = w.portrait.w > 0 ? w.box.right() - w.portrait.right() : w.box.w;
        if (w.portrait.w > 0 && (w.portrait.x < w.box.x || w.portrait.y < w.box.y - 0.5f ||
                                 w.portrait.bottom() > w.box.bottom() + 0.5f || w.portrait.right() > w.box.right()))
            problems.push_back(name + ": its portrait is not inside the button");
        if (w.portrait.w > 0 && w.portrait.h < min_target * 0.75f)
            problems.push_back(name + ": its portrait is smaller than three quarters of the minimum target");
        for (const auto& line : w.lines)
            if (measure(line, w.text_px) > text_w + 0.5f)
                problems.push_back(name + ": the label line \"" + line + "\" is clipped");
        if (w.lines.empty() && !w.widget.label.empty()) problems.push_back(name + " has no label drawn");
    }
    for (const auto& t : l.texts) {
        const std::string name = std::string(role_name(t.role)) + " " + describe(t.box);
        if (!inside(t.box, W, H)) problems.push_back(name + " is outside the window");
        for (const auto& line : t.lines)
            if (measure(line, t.text_px) > t.box.w + 0.5f)
                problems.push_back(name + ": the line \"" + line + "\" is clipped");
        if ((t.role == TextRole::heading || t.role == TextRole::title) &&
            cap_mm_of(t.text_px, ppmm, theme.sizes) < theme.sizes.min_question_cap_mm - 0.01f)
            problems.push_back(name + ": cap height below the minimum for question text");
    }
    // Nothing overlaps: widgets with widgets and texts, texts with texts.
    for (std::size_t i = 0; i < l.widgets.size(); ++i) {
        for (std::size_t j = i + 1; j < l.widgets.size(); ++j)
            if (l.widgets[i].box.overlaps(l.widgets[j].box))
                problems.push_back("widgets " + l.widgets[i].widget.id + " and " + l.widgets[j].widget.id + " overlap");
        for (const auto& t : l.texts)
            if (l.widgets[i].box.overlaps(t.box))
                problems.push_back("widget " + l.widgets[i].widget.id + " overlaps the " + role_name(t.role));
    }
    for (std::size_t i = 0; i < l.texts.size(); ++i)
        for (std::size_t j = i + 1; j < l.texts.size(); ++j)
            if (l.texts[i].box.overlaps(l.texts[j].box) && l.texts[i].role != TextRole::input &&
                l.texts[j].role != TextRole::input)
                problems.push_back(std::string(role_name(l.texts[i].role)) + " and " + role_name(l.texts[j].role) +
                                   " overlap");
    if (l.input_box.w > 0)
        for (const auto& w : l.widgets)
            if (w.box.overlaps(l.input_box)) problems.push_back("widget " + w.widget.id + " overlaps the input field");
    return problems;
}

}  // namespace alliance::ui
