#include "ui/autopilot.h"

#include <fstream>
#include <sstream>

namespace alliance::ui {
namespace {

const PlacedWidget* find(const ScreenLayout& l, const std::string& prefix) {
    for (const auto& w : l.widgets)
        if (w.widget.enabled && w.widget.id.rfind(prefix, 0) == 0) return &w;
    return nullptr;
}

}  // namespace

AutopilotStep autopilot_step(const View& view, const ScreenLayout& l) {
    AutopilotStep step;
    auto tap = [&](const std::string& prefix) {
        if (const PlacedWidget* w = find(l, prefix)) step.tap = w->widget.id;
        return step.tap.has_value();
    };
    switch (view.screen) {
        case Screen::welcome: tap("start"); break;
        case Screen::therapist: tap("therapist:"); break;
        case Screen::visit_code: tap("skip") || tap("next"); break;
        case Screen::still_there: tap("continue"); break;
        case Screen::thanks: step.session_done = true; break;
        case Screen::question: {
            bool answered = false;
            for (const auto& w : l.widgets)
                answered = answered || (w.widget.selected && w.widget.id.rfind("answer:", 0) == 0);
            if (!answered && view.layout != Layout::keyboard && tap("answer:")) break;
            tap("next") || tap("skip");
            break;
        }
        default: break;  // out of service, staff screens: nothing a patient can do
    }
    return step;
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
