// StaffMode's screens: what the PIN pad and the staff menu show. Decisions live in staff_mode.cpp.
#include "core/staff/staff_mode.h"

#include <algorithm>

namespace alliance {

namespace {

Widget make_widget(std::string id, std::string role, std::string label, Region region,
                   bool enabled = true, bool selected = false) {
    Widget w;
    w.id = std::move(id);
    w.role = std::move(role);
    w.label = std::move(label);
    w.region = region;
    w.enabled = enabled;
    w.selected = selected;
    return w;
}

std::string minutes_seconds(std::chrono::seconds s) {
    auto total = s.count();
    std::string sec = std::to_string(total % 60);
    return std::to_string(total / 60) + ":" + (sec.size() < 2 ? "0" : "") + sec;
}

// "●" a digit: the PIN itself is never on screen.
std::string dots(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += "\u25CF";
    return out;
}

}  // namespace

View StaffMode::view(const std::string& language) const {
    View v = page_ == Page::pin || page_ == Page::it_pin ? pin_view(language) : menu_view(language);
    v.language = language;
    v.speech = v.heading + (v.body.empty() ? "" : ". " + v.body);
    v.revision = revision_;
    bool on_pad = v.screen == Screen::staff_pin;
    v.widgets.push_back(make_widget("staff:close", "button",
                                    strings_.get(language, on_pad ? "staff.pin.cancel" : "staff.menu.close"),
                                    Region::navigation));
    return v;
}

View StaffMode::pin_view(const std::string& language) const {
    const auto& s = strings_;
    View v;
    v.screen = Screen::staff_pin;
    v.item = page_ == Page::it_pin ? "it-pin" : "pin";
    v.layout = Layout::keypad;
    v.heading = s.get(language, page_ == Page::it_pin ? "staff.pin.it_title" : "staff.pin.title");
    v.input_text = dots(entered_.size());
    auto left = pad().lock.remaining(wall_ref_);
    bool usable = pin_problem_.empty() && left.count() == 0;
    if (!pin_problem_.empty()) {
        v.body = s.get(language, "staff.pin.not_set");
    } else if (left.count() > 0) {
        v.body = s.format(language, "staff.pin.locked_time", {{"time", minutes_seconds(left)}});
    } else if (message_key_ == "staff.pin.wrong") {
        int before_lock = std::max(1, failures_before_lock - pad().lock.failures);
        v.body = before_lock == 1 ? s.get(language, "staff.pin.wrong_last_try")
                                  : s.format(language, "staff.pin.wrong_tries_left", {{"n", std::to_string(before_lock)}});
    } else if (!message_key_.empty()) {
        v.body = s.get(language, message_key_);
    } else {
        v.body = s.get(language, "staff.pin.hint");  // never empty: the keys must not move when a message shows
    }
    // Telephone order: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 OK.
    for (char c : std::string("123456789")) {
        v.widgets.push_back(make_widget(std::string("key:") + c, "key", std::string(1, c), Region::keys, usable));
    }
    v.widgets.push_back(make_widget("key:back", "key", s.get(language, "staff.pin.clear"), Region::keys,
                                    usable && !entered_.empty()));
    v.widgets.push_back(make_widget("key:0", "key", "0", Region::keys, usable));
    v.widgets.push_back(make_widget("key:ok", "key", s.get(language, "staff.pin.enter"), Region::keys,
                                    usable && entered_.size() >= min_pin_digits));
    if (page_ == Page::it_pin)
        v.widgets.push_back(make_widget("staff:back", "button", s.get(language, "staff.menu.back"), Region::navigation));
    return v;
}

View StaffMode::menu_view(const std::string& language) const {
    const auto& s = strings_;
    View v;
    v.screen = Screen::staff_menu;
    v.layout = Layout::list;
    auto back = [&] {
        v.widgets.push_back(make_widget("staff:back", "button", s.get(language, "staff.menu.back"), Region::navigation));
    };
    switch (page_) {
        case Page::status:
            v.item = "status";
            v.heading = s.get(language, "staff.status.title");
            if (status_) v.body = format_staff_status(*status_, s, language, wall_ref_);
            if (message_key_ == "staff.menu.sync_requested" || message_key_ == "staff.menu.sync_failed")
                v.body = s.get(language, message_key_) + "\n" + v.body;
            v.widgets.push_back(make_widget("staff:sync-now", "button", s.get(language, "staff.menu.sync_now"),
                                            Region::answers));
            back();
            return v;
        case Page::therapists: {
            v.item = "therapists";
            v.heading = s.get(language, "staff.therapists.title");
            auto on = therapists_on_duty(wall_ref_);
            v.body = config_.kiosk.therapists.empty() ? s.get(language, "staff.therapists.none_configured")
                                                      : s.get(language, "staff.therapists.hint");
            for (const auto& t : config_.kiosk.therapists) {
                bool is_on = std::any_of(on.begin(), on.end(), [&](const Therapist& o) { return o.id == t.id; });
                // A "choice" like a multi-select answer: on and off duty must look different.
                v.widgets.push_back(make_widget("duty:" + t.id, "choice",
                                                s.format(language, is_on ? "staff.therapists.on" : "staff.therapists.off",
                                                         {{"name", t.name}}),
                                                Region::answers, true, is_on));
            }
            back();
            return v;
        }
        case Page::language: {
            v.item = "language";
            v.heading = s.get(language, "staff.language.title");
            std::string current = default_language();
            for (const auto& code : config_.kiosk.languages)
                v.widgets.push_back(make_widget("default-language:" + code, "choice", s.language_name(code),
                                                Region::answers, true, code == current));
            back();
            return v;
        }
        case Page::exit_confirm:
            v.item = "exit";
            v.heading = s.get(language, "staff.exit.title");
            v.body = s.get(language, "staff.exit.body");
            v.widgets.push_back(make_widget("staff:exit-confirm", "button", s.get(language, "staff.exit.confirm"),
                                            Region::answers));
            back();
            return v;
        default:
            break;
    }
    v.item = "menu";
    v.heading = s.get(language, "staff.menu.title");
    const std::string current_language = s.language_name(default_language());
    if (message_key_ == "staff.menu.language_set") {
        v.body = s.format(language, message_key_, {{"language", current_language}});
    } else {
        v.body = s.get(language, message_key_.empty() ? "staff.menu.hint" : message_key_);
    }
    auto item = [&](const char* id, std::string label) {
        v.widgets.push_back(make_widget(id, "button", std::move(label), Region::answers));
    };
    item("staff:reset", s.get(language, "staff.menu.reset_session"));
    item("staff:status", s.get(language, "staff.menu.status"));
    item("staff:sync-now", s.get(language, "staff.menu.sync_now"));
    item("staff:therapists", s.get(language, "staff.menu.therapists"));
    item("staff:language", s.format(language, "staff.menu.default_language_is", {{"language", current_language}}));
    item("staff:exit", s.get(language, "staff.menu.exit"));
    return v;
}

}  // namespace alliance
