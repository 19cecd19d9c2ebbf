#include "core/api/view.h"

#include "core/api/widget_ids.h"

namespace alliance {

std::string_view screen_name(Screen s) {
    switch (s) {
        case Screen::welcome: return "welcome";
        case Screen::therapist: return "therapist";
        case Screen::visit_code: return "visit-code";
        case Screen::question: return "question";
        case Screen::thanks: return "thanks";
        case Screen::still_there: return "still-there";
        case Screen::out_of_service: return "out-of-service";
        case Screen::staff_pin: return "staff-pin";
        case Screen::staff_menu: return "staff-menu";
    }
    return "unknown";
}

Widget make_widget(std::string id, std::string role, std::string label, Region region, Action action, bool enabled,
                   bool selected) {
    Widget w;
    w.id = std::move(id);
    w.role = std::move(role);
    w.label = std::move(label);
    w.region = region;
    w.enabled = enabled;
    w.selected = selected;
    w.action = std::move(action);
    return w;
}

void add_keypad(View& view, const Keypad& keypad) {
    const auto digit = [&](char d) {
        view.widgets.push_back(make_widget(widget_id::key(std::string_view(&d, 1)), "key", std::string(1, d),
                                           Region::keys, action::KeypadDigit{d}, keypad.digits_enabled));
    };
    for (const char d : std::string_view("123456789")) digit(d);
    view.widgets.push_back(make_widget(std::string(widget_id::key_back), "key", keypad.delete_label, Region::keys,
                                       action::KeypadDelete{}, keypad.delete_enabled));
    digit('0');
    view.widgets.push_back(make_widget(std::string(widget_id::key_ok), "key", keypad.ok_label, Region::keys,
                                       action::KeypadOk{}, keypad.ok_enabled));
}

}  // namespace alliance
