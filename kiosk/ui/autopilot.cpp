#include "ui/autopilot.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/api/widget_ids.h"

namespace alliance::ui {
namespace {

const PlacedWidget* find(const ScreenLayout& l, std::string_view prefix) {
    for (const auto& w : l.widgets)
        if (w.widget.enabled && w.widget.id.rfind(prefix, 0) == 0) return &w;
    return nullptr;
}

}  // namespace

AutopilotStep autopilot_step(const View& view, const ScreenLayout& l) {
    AutopilotStep step;
    auto tap = [&](std::string_view prefix) {
        if (const PlacedWidget* w = find(l, prefix)) step.tap = w->widget.id;
        return step.tap.has_value();
    };
    switch (view.screen) {
        case Screen::welcome: tap(widget_id::start); break;
        case Screen::therapist: tap(widget_id::therapist_prefix); break;
        case Screen::visit_code: tap(widget_id::skip) || tap(widget_id::next); break;
        case Screen::still_there: tap(widget_id::keep_going); break;
        case Screen::thanks: step.session_done = true; break;
        case Screen::question: {
            bool answered = false;
            for (const auto& w : l.widgets)
                answered = answered || (w.widget.selected && w.widget.id.rfind(widget_id::answer_prefix, 0) == 0);
            if (!answered && view.layout != Layout::keyboard && tap(widget_id::answer_prefix)) break;
            tap(widget_id::next) || tap(widget_id::skip);
            break;
        }
        default: break;  // out of service, staff screens: nothing a patient can do
    }
    return step;
}

std::optional<int> Autopilot::after_frame(const Controller& controller, const ScreenLayout& layout,
                                          const std::function<void(const std::string&)>& tap) {
    const View& view = controller.view();
    const auto due = controller.next_deadline();
    const auto now = clock_.steady_now();
    const AutopilotStep step = autopilot_step(view, layout);
    if (step.session_done && !thanks_counted_) {
        thanks_counted_ = true;
        ++done_;
        if (done_ == 10 || done_ % 100 == 0 || done_ == sessions_)
            std::fprintf(stderr, "alliance-kiosk autopilot: sessions=%d pss_kb=%ld anon_kb=%ld\n", done_,
                         smaps_kb("Pss"), smaps_kb("Anonymous"));
        if (done_ >= sessions_) return 0;
    }
    if (!step.session_done) thanks_counted_ = false;
    if (due && (*due - now < std::chrono::seconds(2) || !step.tap)) {
        clock_.skip_to(*due);
    } else if (step.tap) {
        tap(*step.tap);
    } else {
        std::fprintf(stderr, "alliance-kiosk autopilot: stuck on the %s screen\n",
                     std::string(screen_name(view.screen)).c_str());
        return 3;
    }
    return std::nullopt;
}

long smaps_kb(const std::string& field) {
    std::ifstream in("/proc/self/smaps_rollup");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            std::istringstream s(line.substr(field.size() + 1));
            long kb = 0;
            s >> kb;
            return kb;
        }
    }
    return 0;
}

}  // namespace alliance::ui
