#include "ui/ui_tree.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace alliance::ui {

std::string ui_tree_json(const View& view, const ScreenLayout& layout) {
    // ordered_json: the keys come out in the order kiosk/README.md shows them.
    nlohmann::ordered_json widgets = nlohmann::ordered_json::array();
    for (const auto& p : layout.widgets) {
        widgets.push_back({{"id", p.widget.id},
                           {"role", p.widget.role},
                           {"label", p.widget.label},
                           {"x", std::lround(p.box.x)},
                           {"y", std::lround(p.box.y)},
                           {"w", std::lround(p.box.w)},
                           {"h", std::lround(p.box.h)},
                           {"enabled", p.widget.enabled},
                           {"selected", p.widget.selected},
                           {"text_px", p.text_px}});
        if (p.widget.portrait) {
            // Therapist buttons: the photo file, or "" for the initials tile.
            widgets.back()["portrait"] = {{"photo", p.widget.portrait->photo_file},
                                          {"initials", p.widget.portrait->initials},
                                          {"x", std::lround(p.portrait.x)},
                                          {"y", std::lround(p.portrait.y)},
                                          {"side", std::lround(p.portrait.h)}};
        }
    }
    nlohmann::ordered_json tree = {{"screen", std::string(screen_name(view.screen))},
                                   {"language", view.language},
                                   {"item", view.item},
                                   {"progress", {view.progress_current, view.progress_total}},
                                   {"widgets", std::move(widgets)}};
    // Extensions after the contract's fields, for support tools and tests: the texts on screen
    // (never typed input, which is the patient's answer), the countdown and the error code.
    tree["heading"] = view.heading;
    tree["body"] = view.body;
    if (view.countdown) tree["countdown"] = *view.countdown;
    if (!view.error_code.empty()) tree["error_code"] = view.error_code;
    // Labels are the patient's language: keep UTF-8 as is; never fail on a stray byte.
    return tree.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace alliance::ui
