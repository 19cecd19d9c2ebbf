// StaffMode's screens: what the PIN pad and the staff menu show. Decisions live in staff_mode.cpp.
#include "core/staff/staff_mode.h"

#include <algorithm>

#include "core/api/widget_ids.h"

namespace alliance {

namespace {

using action::StaffCommand;

// A staff-menu button: its id and the command it carries.
Widget staff_button(std::string_view id, StaffCommand command, std::string label, Region region) {
    return make_widget(std::string(id), "button", std::move(label), region, action::Staff{command});
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
    v.widgets.push_back(staff_button(widget_id::staff_close, StaffCommand::close,
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
        v.body = before_lock == 1
                     ? s.get(language, "staff.pin.wrong_last_try")
                     : s.format(language, "staff.pin.wrong_tries_left", {{"n", std::to_string(before_lock)}});
    } else if (!message_key_.empty()) {
        v.body = s.get(language, message_key_);
    } else {
        v.body = s.get(language, "staff.pin.hint");  // never empty: the keys must not move when a message shows
    }
    // Telephone order: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 OK.
    add_keypad(v, {s.get(language, "staff.pin.clear"), s.get(language, "staff.pin.enter"), usable,
                   usable && !entered_.empty(), usable && entered_.size() >= min_pin_digits});
    if (page_ == Page::it_pin)
        v.widgets.push_back(staff_button(widget_id::staff_back, StaffCommand::back, s.get(language, "staff.menu.back"),
                                         Region::navigation));
    return v;
}

View StaffMode::menu_view(const std::string& language) const {
    const auto& s = strings_;
    View v;
    v.screen = Screen::staff_menu;
    v.layout = Layout::list;
    auto back = [&] {
        v.widgets.push_back(staff_button(widget_id::staff_back, StaffCommand::back, s.get(language, "staff.menu.back"),
                                         Region::navigation));
    };
    switch (page_) {
        case Page::status:
            v.item = "status";
            v.heading = s.get(language, "staff.status.title");
            if (status_) v.body = format_staff_status(*status_, s, language, wall_ref_);
            if (message_key_ == "staff.menu.sync_requested" || message_key_ == "staff.menu.sync_failed" ||
                message_key_ == "staff.menu.sync_is_off")
                v.body = s.get(language, message_key_) + "\n" + v.body;
            v.widgets.push_back(staff_button(widget_id::staff_sync_now, StaffCommand::sync_now,
                                             s.get(language, "staff.menu.sync_now"), Region::answers));
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
                v.widgets.push_back(make_widget(
                    widget_id::duty(t.id), "choice",
                    s.format(language, is_on ? "staff.therapists.on" : "staff.therapists.off", {{"name", t.name}}),
                    Region::answers, action::ToggleDuty{t.id}, true, is_on));
            }
            back();
            return v;
        }
        case Page::language: {
            v.item = "language";
            v.heading = s.get(language, "staff.language.title");
            std::string current = default_language();
            for (const auto& code : config_.kiosk.languages)
                v.widgets.push_back(make_widget(widget_id::default_language(code), "choice", s.language_name(code),
                                                Region::answers, action::SetDefaultLanguage{code}, true,
                                                code == current));
            back();
            return v;
        }
        case Page::exit_confirm:
            v.item = "exit";
            v.heading = s.get(language, "staff.exit.title");
            v.body = s.get(language, "staff.exit.body");
            v.widgets.push_back(staff_button(widget_id::staff_exit_confirm, StaffCommand::exit_confirm,
                                             s.get(language, "staff.exit.confirm"), Region::answers));
            back();
            return v;
        default: break;
    }
    v.item = "menu";
    v.heading = s.get(language, "staff.menu.title");
    const std::string current_language = s.language_name(default_language());
    if (message_key_ == "staff.menu.language_set") {
        v.body = s.format(language, message_key_, {{"language", current_language}});
    } else {
        v.body = s.get(language, message_key_.empty() ? "staff.menu.hint" : message_key_);
    }
    auto item = [&](std::string_view id, StaffCommand command, std::string label) {
        v.widgets.push_back(staff_button(id, command, std::move(label), Region::answers));
    };
    item(widget_id::staff_reset, StaffCommand::reset_session, s.get(language, "staff.menu.reset_session"));
    item(widget_id::staff_status, StaffCommand::status, s.get(language, "staff.menu.status"));
    item(widget_id::staff_sync_now, StaffCommand::sync_now, s.get(language, "staff.menu.sync_now"));
    item(widget_id::staff_therapists, StaffCommand::therapists, s.get(language, "staff.menu.therapists"));
    item(widget_id::staff_language, StaffCommand::language,
         s.format(language, "staff.menu.default_language_is", {{"language", current_language}}));
    item(widget_id::staff_exit, StaffCommand::exit, s.get(language, "staff.menu.exit"));
    return v;
}

}  // namespace alliance
