#include "core/content/therapist_photo.h"
#include "core/session/session_view.h"

#include <algorithm>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/session/session_answers.h"

namespace alliance {
namespace {

constexpr const char* staff_hotspot_id = "staff";

Widget widget(std::string id, std::string role, std::string label, Region region, bool enabled = true,
              bool selected = false) {
    return Widget{std::move(id), std::move(role), std::move(label), region, enabled, selected};
}

// What read-aloud says: the heading, the secondary line, then each answer's label.
std::string speech_for(const View& v) {
    std::string out = v.heading;
    const auto add = [&out](const std::string& s) {
        if (s.empty()) return;
        if (!out.empty()) out += (out.back() == '.' || out.back() == '?' || out.back() == '!') ? " " : ". ";
        out += s;
    };
    add(v.body);
    if (v.layout == Layout::scale) {
        add(v.scale_low);
        add(v.scale_high);
    }
    for (const auto& w : v.widgets)
        if (w.region == Region::answers) add(w.label);
    if (v.countdown) add(std::to_string(*v.countdown));
    return out;
}

// The toggles, language buttons and staff corner every patient screen has.
void add_patient_controls(View& v, const SessionFlow& flow, const Strings& s) {
    const auto& lang = flow.language();
    v.widgets.push_back(widget("a11y:larger", "toggle", s.get(lang, "a11y.larger"), Region::accessibility, true,
                               flow.large_text()));
    v.widgets.push_back(widget("a11y:contrast", "toggle", s.get(lang, "a11y.contrast"), Region::accessibility,
                               true, flow.high_contrast()));
    v.widgets.push_back(widget("a11y:read", "button", s.get(lang, "a11y.read"), Region::accessibility));
    for (const auto& code : flow.settings().languages)
        v.widgets.push_back(widget("language:" + code, "button", s.language_name(code), Region::accessibility, true,
                                   code == lang));
    add_staff_hotspot(v);
}

void welcome(View& v, const SessionViewContext& c) {
    const auto& lang = v.language;
    v.heading = c.strings.format(lang, "welcome.title", {{"clinic", c.clinic_name}});
    v.body = c.strings.get(lang, "welcome.subtitle");
    v.widgets.push_back(widget("start", "button", c.strings.get(lang, "welcome.tap_to_begin"), Region::answers));
}

void therapist(View& v, const SessionFlow& flow, const SessionViewContext& c) {
    v.layout = Layout::list;
    v.heading = c.strings.get(v.language, "therapist.title");
    for (const auto& t : c.therapists_on_duty) {
        v.widgets.push_back(widget("therapist:" + t.id, "choice", t.name, Region::answers, true,
                                   flow.therapist().id == t.id));
        const auto photo = c.photos.find(t.id);
        v.widgets.back().portrait = Portrait{photo == c.photos.end() ? "" : photo->second.string(), initials_of(t.name)};
    }
    v.widgets.push_back(widget("therapist:not-sure", "choice", c.strings.get(v.language, "therapist.not_sure"),
                               Region::answers));
}

void visit_code(View& v, const SessionFlow& flow, const SessionViewContext& c) {
    const auto& lang = v.language;
    v.layout = Layout::keypad;
    v.heading = c.strings.get(lang, "visit_code.title");
    v.body = c.strings.get(lang, "visit_code.hint");
    v.input_text = flow.visit_code();
    const bool room = flow.visit_code().size() < flow.settings().visit_code_max_digits;
    for (const char d : std::string_view("123456789"))
        v.widgets.push_back(widget(std::string("key:") + d, "key", std::string(1, d), Region::keys, room));
    v.widgets.push_back(widget("key:back", "key", c.strings.get(lang, "keyboard.delete"), Region::keys,
                               !flow.visit_code().empty()));
    v.widgets.push_back(widget("key:0", "key", "0", Region::keys, room));
    v.widgets.push_back(widget("key:ok", "key", c.strings.get(lang, "visit_code.ok"), Region::keys,
                               !flow.visit_code().empty()));
    if (flow.can_go_back())
        v.widgets.push_back(widget("back", "button", c.strings.get(lang, "question.back"), Region::navigation));
    v.widgets.push_back(widget("skip", "button", c.strings.get(lang, "visit_code.no_code"), Region::navigation));
}

void answers(View& v, const Item& item, const SessionFlow& flow, const Strings& s) {
    const auto& lang = v.language;
    const auto& values = flow.values(item.link_id);
    const std::string prefix = "answer:" + item.link_id + ":";
    switch (item.type) {
        case ItemType::choice:
            v.layout = Layout::list;
            for (const auto& o : item.options)
                v.widgets.push_back(widget(prefix + o.coding.code, "choice", o.display.in(lang), Region::answers,
                                           true, contains_value(values, o.coding)));
            break;
        case ItemType::integer: {
            v.layout = Layout::scale;
            const int low = scale_min(item), high = scale_max(item);
            v.scale_low = item.min_label.base.empty() ? s.get(lang, "question.scale_low") : item.min_label.in(lang);
            v.scale_high = item.max_label.base.empty() ? s.get(lang, "question.scale_high") : item.max_label.in(lang);
            for (int n = low; n <= high; ++n)
                v.widgets.push_back(widget(prefix + std::to_string(n), "choice", std::to_string(n), Region::answers,
                                           true, contains_value(values, n)));
            break;
        }
        case ItemType::boolean:
            v.layout = Layout::yes_no;
            v.widgets.push_back(widget(prefix + "true", "choice", s.get(lang, "question.yes"), Region::answers, true,
                                       contains_value(values, true)));
            v.widgets.push_back(widget(prefix + "false", "choice", s.get(lang, "question.no"), Region::answers, true,
                                       contains_value(values, false)));
            break;
        case ItemType::string:
        case ItemType::text: {
            v.layout = Layout::keyboard;
            v.input_text = flow.text_draft();
            const bool room = flow.text_has_room();
            for (const auto& k : keyboard_keys()) {
                std::string label = k == "space" ? s.get(lang, "keyboard.space")
                                    : k == "delete" ? s.get(lang, "keyboard.delete") : k;
                v.widgets.push_back(widget("key:" + k, "key", std::move(label), Region::keys,
                                           k == "delete" ? !flow.text_draft().empty() : room));
            }
            break;
        }
        case ItemType::group:
        case ItemType::display: v.layout = Layout::message; break;
    }
}

void question(View& v, const SessionFlow& flow, const Strings& s) {
    const Item* item = flow.current_item();
    if (item == nullptr) return;
    const auto& lang = v.language;
    v.item = item->link_id;
    v.heading = item->text.in(lang);
    v.progress_current = flow.progress_current();
    v.progress_total = flow.progress_total();
    std::vector<std::string> hints;
    if (item->type == ItemType::choice && item->repeats) hints.push_back(s.get(lang, "question.choose_all"));
    if (is_answerable(item->type) && !item->required) hints.push_back(s.get(lang, "question.optional"));
    // The questionnaire's own hint (SDC entryFormat, e.g. "e.g. left knee"), else the generic one.
    if (is_text_item(*item) && flow.text_draft().empty())
        hints.push_back(item->entry_format.base.empty() ? s.get(lang, "question.type_here") : item->entry_format.in(lang));
    for (const auto& h : hints) v.body += (v.body.empty() ? "" : " ") + h;
    answers(v, *item, flow, s);
    const bool last = v.progress_current == v.progress_total;
    v.widgets.push_back(widget("back", "button", s.get(lang, "question.back"), Region::navigation,
                               flow.can_go_back()));
    if (flow.can_skip())
        v.widgets.push_back(widget("skip", "button", s.get(lang, "question.skip"), Region::navigation));
    v.widgets.push_back(widget("next", "button", s.get(lang, last ? "question.finish" : "question.next"),
                               Region::navigation, flow.can_go_next()));
}

void still_there(View& v, const SessionFlow& flow, const Strings& s) {
    const auto& lang = v.language;
    v.heading = s.get(lang, "still_there.title");
    v.body = s.get(lang, "still_there.body");
    v.countdown = flow.countdown_seconds();
    v.widgets.push_back(widget("continue", "button", s.get(lang, "still_there.continue"), Region::answers));
    v.widgets.push_back(widget("start-over", "button", s.get(lang, "still_there.start_over"), Region::navigation));
}

}  // namespace

View session_view(const SessionFlow& flow, const SessionViewContext& c) {
    View v;
    v.language = flow.language();
    v.large_text = flow.large_text();
    v.high_contrast = flow.high_contrast();
    v.speak_requests = flow.speak_requests();
    switch (flow.step()) {
        case Step::welcome:
            v.screen = Screen::welcome;
            welcome(v, c);
            break;
        case Step::therapist:
            v.screen = Screen::therapist;
            therapist(v, flow, c);
            break;
        case Step::visit_code:
            v.screen = Screen::visit_code;
            visit_code(v, flow, c);
            break;
        case Step::question:
            v.screen = Screen::question;
            question(v, flow, c.strings);
            break;
        case Step::thanks:
            v.screen = Screen::thanks;
            v.heading = c.strings.get(v.language, "thanks.title");
            v.body = c.strings.get(v.language, "thanks.body");
            break;
        case Step::still_there:
            v.screen = Screen::still_there;
            still_there(v, flow, c.strings);
            break;
    }
    v.speech = speech_for(v);
    add_patient_controls(v, flow, c.strings);
    return v;
}

View out_of_service_view(const Strings& strings, const std::string& language, const std::string& error_code) {
    // The strings themselves may be what failed to load: fall back to built-in English.
    const auto text = [&](const char* key, const std::string& fallback) {
        return strings.has(language, key) || strings.has("en", key) ? strings.get(language, key) : fallback;
    };
    View v;
    v.screen = Screen::out_of_service;
    v.language = language;
    v.error_code = error_code;
    v.heading = text("out_of_service.title", "Sorry, this kiosk is not working right now");
    v.body = text("out_of_service.body", "Please see the front desk");
    const std::string code_line = strings.has(language, "out_of_service.code") || strings.has("en", "out_of_service.code")
                                      ? strings.format(language, "out_of_service.code", {{"code", error_code}})
                                      : "Error code " + error_code;
    v.body += "\n" + code_line;
    v.speech = v.heading + ". " + v.body;
    add_staff_hotspot(v);
    return v;
}

void add_staff_hotspot(View& view) {
    const bool present = std::any_of(view.widgets.begin(), view.widgets.end(),
                                     [](const Widget& w) { return w.id == staff_hotspot_id; });
    if (!present) view.widgets.push_back(widget(staff_hotspot_id, "hotspot", "", Region::hidden));
}

const std::vector<std::string>& keyboard_keys() {
    // Lower-case QWERTY with the Spanish letters and marks, digits and the usual punctuation.
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (const char c : std::string_view("1234567890qwertyuiopasdfghjklzxcvbnm")) k.emplace_back(1, c);
        for (const char* extra : {"ñ", "á", "é", "í", "ó", "ú", "ü", "¿", "¡", ",", ".", "?", "!", "'", "-"})
            k.emplace_back(extra);
        k.emplace_back("space");
        k.emplace_back("delete");
        return k;
    }();
    return keys;
}

}  // namespace alliance
