#include "core/session/session_view.h"
#include "core/content/therapist_photo.h"

#include <algorithm>

#include "core/api/widget_ids.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/session/session_answers.h"

namespace alliance {
namespace {

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
    // The thank-you screen says its countdown in a sentence (the body) already.
    if (v.countdown && v.screen == Screen::still_there) add(std::to_string(*v.countdown));
    return out;
}

// The toggles, language buttons and staff corner every patient screen has.
void add_patient_controls(View& v, const SessionFlow& flow, const Strings& s) {
    const auto& lang = flow.language();
    v.widgets.push_back(make_widget(std::string(widget_id::larger_text), "toggle", s.get(lang, "a11y.larger"),
                                    Region::accessibility, action::ToggleLargeText{}, true, flow.large_text()));
    v.widgets.push_back(make_widget(std::string(widget_id::high_contrast), "toggle", s.get(lang, "a11y.contrast"),
                                    Region::accessibility, action::ToggleHighContrast{}, true, flow.high_contrast()));
    v.widgets.push_back(make_widget(std::string(widget_id::read_aloud), "button", s.get(lang, "a11y.read"),
                                    Region::accessibility, action::ReadAloud{}));
    for (const auto& code : flow.settings().languages)
        v.widgets.push_back(make_widget(widget_id::language(code), "button", s.language_name(code),
                                        Region::accessibility, action::ChooseLanguage{code}, true, code == lang));
    add_staff_hotspot(v);
}

void welcome(View& v, const SessionViewContext& c) {
    const auto& lang = v.language;
    v.heading = c.strings.format(lang, "welcome.title", {{"clinic", c.clinic_name}});
    v.body = c.strings.get(lang, "welcome.subtitle") + "\n" +
             (c.who_sees_answers.empty() ? c.strings.get(lang, "welcome.who_sees") : c.who_sees_answers);
    v.widgets.push_back(make_widget(std::string(widget_id::start), "button",
                                    c.strings.get(lang, "welcome.tap_to_begin"), Region::answers, action::Start{}));
}

void new_patient(View& v, const Strings& s) {
    const auto& lang = v.language;
    v.heading = s.get(lang, "new_patient.title");
    v.body = s.get(lang, "new_patient.body");
    v.widgets.push_back(make_widget(std::string(widget_id::new_patient_yes), "button", s.get(lang, "new_patient.yes"),
                                    Region::answers, action::NewPatient{true}));
    v.widgets.push_back(make_widget(std::string(widget_id::new_patient_no), "button", s.get(lang, "new_patient.no"),
                                    Region::answers, action::NewPatient{false}));
}

void thanks(View& v, const SessionFlow& flow, const Strings& s) {
    v.heading = s.get(v.language, "thanks.title");
    v.body = s.get(v.language, "thanks.body");
    v.countdown = flow.countdown_seconds();
    if (v.countdown)
        v.body += "\n" + s.format(v.language, *v.countdown == 1 ? "thanks.returning_one" : "thanks.returning",
                                  {{"seconds", std::to_string(*v.countdown)}});
}

void therapist(View& v, const SessionFlow& flow, const SessionViewContext& c) {
    v.layout = Layout::list;
    v.heading = c.strings.get(v.language, "therapist.title");
    for (const auto& t : c.therapists_on_duty) {
        v.widgets.push_back(make_widget(widget_id::therapist(t.id), "choice", t.name, Region::answers,
                                        action::ChooseTherapist{t.id}, true, flow.therapist().id == t.id));
        const auto photo = c.photos.find(t.id);
        v.widgets.back().portrait =
            Portrait{photo == c.photos.end() ? "" : photo->second.string(), initials_of(t.name)};
    }
    v.widgets.push_back(make_widget(std::string(widget_id::therapist_not_sure), "choice",
                                    c.strings.get(v.language, "therapist.not_sure"), Region::answers,
                                    action::ChooseTherapist{""}));
}

void visit_code(View& v, const SessionFlow& flow, const SessionViewContext& c) {
    const auto& lang = v.language;
    v.layout = Layout::keypad;
    v.heading = c.strings.get(lang, "visit_code.title");
    v.body = c.strings.get(lang, "visit_code.hint");
    v.input_text = flow.visit_code();
    add_keypad(v, {c.strings.get(lang, "keyboard.delete"), c.strings.get(lang, "visit_code.ok"),
                   flow.visit_code().size() < flow.settings().visit_code_max_digits, !flow.visit_code().empty(),
                   !flow.visit_code().empty()});
    if (flow.can_go_back())
        v.widgets.push_back(make_widget(std::string(widget_id::back), "button", c.strings.get(lang, "question.back"),
                                        Region::navigation, action::Back{}));
    v.widgets.push_back(make_widget(std::string(widget_id::skip), "button", c.strings.get(lang, "visit_code.no_code"),
                                    Region::navigation, action::SkipVisitCode{}));
}

void answers(View& v, const Item& item, const SessionFlow& flow, const Strings& s) {
    const auto& lang = v.language;
    const auto& values = flow.values(item.link_id);
    const auto add = [&](const std::string& value, std::string label, AnswerValue answer) {
        const bool chosen = contains_value(values, answer);
        v.widgets.push_back(make_widget(widget_id::answer(item.link_id, value), "choice", std::move(label),
                                        Region::answers, action::Answer{item.link_id, std::move(answer)}, true,
                                        chosen));
    };
    switch (item.type) {
        case ItemType::choice:
            v.layout = Layout::list;
            for (const auto& o : item.options) add(o.coding.code, o.display.in(lang), o.coding);
            break;
        case ItemType::integer: {
            v.layout = Layout::scale;
            const int low = scale_min(item), high = scale_max(item);
            v.scale_low = item.min_label.base.empty() ? s.get(lang, "question.scale_low") : item.min_label.in(lang);
            v.scale_high = item.max_label.base.empty() ? s.get(lang, "question.scale_high") : item.max_label.in(lang);
            for (int n = low; n <= high; ++n) add(std::to_string(n), std::to_string(n), n);
            break;
        }
        case ItemType::boolean:
            v.layout = Layout::yes_no;
            add("true", s.get(lang, "question.yes"), true);
            add("false", s.get(lang, "question.no"), false);
            break;
        case ItemType::string:
        case ItemType::text: {
            v.layout = Layout::keyboard;
            v.input_text = flow.text_draft();
            const bool room = flow.text_has_room();
            const bool shift = flow.shift();
            for (const auto& k : keyboard_keys()) {
                if (k == "delete") {
                    v.widgets.push_back(make_widget(widget_id::key(k), "key", s.get(lang, "keyboard.delete"),
                                                    Region::keys, action::DeleteText{}, !flow.text_draft().empty()));
                } else if (k == "space") {
                    v.widgets.push_back(make_widget(widget_id::key(k), "key", s.get(lang, "keyboard.space"),
                                                    Region::keys, action::TypeText{" "}, room));
                } else if (k == "shift") {
                    v.widgets.push_back(make_widget(widget_id::key(k), "key", s.get(lang, "keyboard.shift"),
                                                    Region::keys, action::ToggleShift{}, true, shift));
                } else {
                    // The key types what the flow makes of it (a capital after shift); its label says so.
                    v.widgets.push_back(make_widget(widget_id::key(k), "key", shift ? to_capital(k) : k, Region::keys,
                                                    action::TypeText{k}, room));
                }
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
        hints.push_back(item->entry_format.base.empty() ? s.get(lang, "question.type_here")
                                                        : item->entry_format.in(lang));
    for (const auto& h : hints) v.body += (v.body.empty() ? "" : " ") + h;
    // The comment is read later, not by someone watching: say where help is today, on its own line.
    if (item->report_role == ReportRole::comment)
        v.body += (v.body.empty() ? "" : "\n") + s.get(lang, "question.help_today");
    answers(v, *item, flow, s);
    const bool last = v.progress_current == v.progress_total;
    v.widgets.push_back(make_widget(std::string(widget_id::back), "button", s.get(lang, "question.back"),
                                    Region::navigation, action::Back{}, flow.can_go_back()));
    if (flow.can_skip())
        v.widgets.push_back(make_widget(std::string(widget_id::skip), "button", s.get(lang, "question.skip"),
                                        Region::navigation, action::Skip{}));
    v.widgets.push_back(make_widget(std::string(widget_id::next), "button",
                                    s.get(lang, last ? "question.finish" : "question.next"), Region::navigation,
                                    action::Next{}, flow.can_go_next()));
}

void still_there(View& v, const SessionFlow& flow, const Strings& s) {
    const auto& lang = v.language;
    v.heading = s.get(lang, "still_there.title");
    v.body = s.get(lang, "still_there.body");
    v.countdown = flow.countdown_seconds();
    v.widgets.push_back(make_widget(std::string(widget_id::keep_going), "button", s.get(lang, "still_there.continue"),
                                    Region::answers, action::KeepGoing{}));
    v.widgets.push_back(make_widget(std::string(widget_id::start_over), "button", s.get(lang, "still_there.start_over"),
                                    Region::navigation, action::StartOver{}));
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
        case Step::new_patient:
            v.screen = Screen::new_patient;
            new_patient(v, c.strings);
            break;
        case Step::thanks:
            v.screen = Screen::thanks;
            thanks(v, flow, c.strings);
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
    const std::string code_line =
        strings.has(language, "out_of_service.code") || strings.has("en", "out_of_service.code")
            ? strings.format(language, "out_of_service.code", {{"code", error_code}})
            : "Error code " + error_code;
    v.body += "\n" + code_line;
    v.speech = v.heading + ". " + v.body;
    add_staff_hotspot(v);
    return v;
}

void add_staff_hotspot(View& view) {
    const bool present = std::any_of(view.widgets.begin(), view.widgets.end(),
                                     [](const Widget& w) { return w.id == widget_id::staff_corner; });
    if (!present)
        view.widgets.push_back(
            make_widget(std::string(widget_id::staff_corner), "hotspot", "", Region::hidden, action::StaffCorner{}));
}

void show_hold_progress(View& view, const Strings& strings, std::chrono::steady_clock::duration held,
                        int hold_seconds) {
    if (held < hold_progress_after) return;
    const auto whole = std::chrono::floor<std::chrono::seconds>(held).count();
    const auto left = std::max<long long>(1, hold_seconds - whole);
    for (auto& w : view.widgets) {
        if (!std::holds_alternative<action::StaffCorner>(w.action)) continue;
        w.label = strings.format(view.language, "staff.hold.progress", {{"n", std::to_string(left)}});
        w.selected = true;
    }
}

const std::vector<std::string>& keyboard_keys() {
    // Lower-case QWERTY with the Spanish letters and marks, digits and the usual punctuation;
    // "shift" makes the next letter a capital.
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (const char c : std::string_view("1234567890qwertyuiopasdfghjklzxcvbnm")) k.emplace_back(1, c);
        for (const char* extra : {"ñ", "á", "é", "í", "ó", "ú", "ü", "¿", "¡", ",", ".", "?", "!", "'", "-"})
            k.emplace_back(extra);
        k.emplace_back("shift");
        k.emplace_back("space");
        k.emplace_back("delete");
        return k;
    }();
    return keys;
}

}  // namespace alliance
