#include "core/session/session_flow.h"

#include <algorithm>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/response_record.h"
#include "core/session/session_answers.h"

namespace alliance {

FlowSettings flow_settings(const Config& config) {
    FlowSettings s;
    s.languages = config.kiosk.languages;
    s.default_language = config.kiosk.default_language;
    s.kiosk_id = config.kiosk.id;
    s.ask_therapist = config.kiosk.ask_therapist;
    s.ask_visit_code = config.kiosk.ask_visit_code;
    s.idle = std::chrono::seconds(config.kiosk.idle_seconds);
    s.still_there = std::chrono::seconds(config.kiosk.still_there_seconds);
    s.thanks = std::chrono::seconds(config.kiosk.thanks_seconds);
    s.min_between_responses = std::chrono::seconds(config.kiosk.min_seconds_between_responses);
    return s;
}

SessionFlow::SessionFlow(const Questionnaire& questionnaire, FlowSettings settings, SessionRecorder& recorder)
    : q_(questionnaire), settings_(std::move(settings)), recorder_(recorder), items_(flatten_items(questionnaire)) {
    start_fresh();
}

void SessionFlow::questionnaire_replaced() {
    if (step_ == Step::welcome) items_ = flatten_items(q_);
}

// --- the patient's way through -------------------------------------------------------------

void SessionFlow::begin(SteadyTime now, bool therapists_available) {
    if (step_ != Step::welcome) return;
    note(now);
    therapists_available_ = therapists_available;
    const auto gap = settings_.min_between_responses;
    if (gap.count() > 0 && last_completed_ && now - *last_completed_ < gap)
        step_ = Step::new_patient;
    else
        start_session(now);
}

void SessionFlow::new_patient(bool is_new, SteadyTime now) {
    if (step_ != Step::new_patient) return;
    note(now);
    if (is_new)
        start_session(now);
    else
        start_fresh();
}

void SessionFlow::start_session(SteadyTime now) {
    session_id_ = recorder_.start(language_);
    therapist_shown_ = settings_.ask_therapist && therapists_available_;
    if (therapist_shown_)
        step_ = Step::therapist;
    else if (settings_.ask_visit_code)
        step_ = Step::visit_code;
    else
        first_question(now);
}

void SessionFlow::choose_language(std::string_view code, SteadyTime now) {
    const auto& langs = settings_.languages;
    if (std::find(langs.begin(), langs.end(), code) == langs.end()) return;
    note(now);
    if (in_session()) recorder_.language(session_id_, std::string(code));
    language_ = std::string(code);
    language_chosen_ = true;
}

void SessionFlow::choose_therapist(const Therapist& therapist, SteadyTime now) {
    if (step_ != Step::therapist) return;
    note(now);
    recorder_.therapist(session_id_, therapist);
    therapist_ = therapist;
    if (settings_.ask_visit_code)
        step_ = Step::visit_code;
    else
        first_question(now);
}

void SessionFlow::visit_code_digit(char digit, SteadyTime now) {
    if (step_ != Step::visit_code || digit < '0' || digit > '9') return;
    note(now);
    if (visit_code_.size() < settings_.visit_code_max_digits) visit_code_ += digit;
}

void SessionFlow::visit_code_delete(SteadyTime now) {
    if (step_ != Step::visit_code) return;
    note(now);
    if (!visit_code_.empty()) visit_code_.pop_back();
}

void SessionFlow::visit_code_done(SteadyTime now) {
    if (step_ != Step::visit_code || visit_code_.empty()) return;
    note(now);
    recorder_.visit_code(session_id_, visit_code_);
    first_question(now);
}

void SessionFlow::visit_code_skip(SteadyTime now) {
    if (step_ != Step::visit_code) return;
    note(now);
    recorder_.visit_code(session_id_, "");
    visit_code_.clear();
    first_question(now);
}

void SessionFlow::answer(std::string_view link_id, const AnswerValue& value, SteadyTime now) {
    const Item* item = current_item();
    if (!accepts_input() || item == nullptr || item->link_id != link_id) return;
    const auto parsed = accepted_answer_value(*item, value);
    if (!parsed) return;
    note(now);
    if (item->type == ItemType::choice && item->repeats) {
        store_values(*item, toggled_choice(*item, values(link_id), std::get<Coding>(*parsed)));
        return;
    }
    store_values(*item, {*parsed});
    // The choice stays highlighted for a moment, then the next screen shows; taps in between
    // are ignored (accepts_input), which is the double-tap guard.
    if (is_single_select(*item)) advance_at_ = now + settings_.highlight;
}

bool SessionFlow::accepts_text() const {
    const Item* item = current_item();
    return accepts_input() && item != nullptr && is_text_item(*item);
}

void SessionFlow::type_text(std::string_view character, SteadyTime now) {
    if (!accepts_text()) return;
    note(now);
    if (text_has_room() && code_points(character) == 1) {
        text_draft_ += shift_ ? to_capital(character) : std::string(character);
        shift_ = false;  // one capital, as on a phone
    }
}

void SessionFlow::toggle_shift(SteadyTime now) {
    if (!accepts_text()) return;
    note(now);
    shift_ = !shift_;
}

void SessionFlow::delete_text(SteadyTime now) {
    if (!accepts_text()) return;
    note(now);
    drop_last_code_point(text_draft_);
}

void SessionFlow::next(SteadyTime now) {
    if (!accepts_input() || !can_go_next()) return;
    note(now);
    commit_text();
    advance(now);
}

void SessionFlow::back(SteadyTime now) {
    if (!accepts_input() || !can_go_back()) return;
    note(now);
    if (step_ == Step::visit_code) {
        step_ = Step::therapist;
        return;
    }
    commit_text();  // what was typed is kept, as it would be after `next`
    if (const auto previous = previous_enabled(current_))
        enter_question(*previous, now);
    else
        step_ = settings_.ask_visit_code ? Step::visit_code : Step::therapist;
}

void SessionFlow::skip(SteadyTime now) {
    if (!accepts_input() || !can_skip()) return;
    note(now);
    text_draft_.clear();
    store_values(*current_item(), {});
    advance(now);
}

void SessionFlow::keep_going(SteadyTime now) {
    if (step_ != Step::still_there) return;
    note(now);
    step_ = resumed_step_;
    still_there_until_.reset();
}

void SessionFlow::toggle_large_text(SteadyTime now) {
    note(now);
    large_text_ = !large_text_;
}

void SessionFlow::toggle_high_contrast(SteadyTime now) {
    note(now);
    high_contrast_ = !high_contrast_;
}

void SessionFlow::request_speech(SteadyTime now) {
    note(now);
    ++speak_requests_;
}

void SessionFlow::touched(SteadyTime now) { note(now); }

void SessionFlow::reset(SteadyTime now) {
    now_ = now;
    abandon_and_start_fresh();
}

void SessionFlow::set_default_language(const std::string& language) {
    const auto& langs = settings_.languages;
    if (std::find(langs.begin(), langs.end(), language) == langs.end()) return;
    settings_.default_language = language;
    if (step_ == Step::welcome && !language_chosen_) language_ = language;
}

// --- state for the view --------------------------------------------------------------------

const Item* SessionFlow::current_item() const {
    if (step_ != Step::question && !(step_ == Step::still_there && resumed_step_ == Step::question)) return nullptr;
    return current_ < items_.size() ? items_[current_] : nullptr;
}

const std::vector<AnswerValue>& SessionFlow::values(std::string_view link_id) const {
    static const std::vector<AnswerValue> none;
    const auto it = answers_.find(link_id);
    return it == answers_.end() ? none : it->second;
}

bool SessionFlow::can_go_next() const {
    const Item* item = step_ == Step::question ? current_item() : nullptr;
    if (item == nullptr) return false;
    if (!is_answerable(item->type)) return true;
    if (is_text_item(*item)) return !trim_spaces(text_draft_).empty();
    return !values(item->link_id).empty();
}

bool SessionFlow::text_has_room() const { return code_points(text_draft_) < settings_.text_max_chars; }

bool SessionFlow::can_go_back() const {
    if (step_ == Step::visit_code) return therapist_shown_;
    if (step_ != Step::question) return false;
    return previous_enabled(current_).has_value() || settings_.ask_visit_code || therapist_shown_;
}

bool SessionFlow::can_skip() const {
    const Item* item = step_ == Step::question ? current_item() : nullptr;
    return item != nullptr && is_answerable(item->type) && !item->required;
}

int SessionFlow::progress_current() const {
    if (current_item() == nullptr) return 0;
    int n = 0;
    for (std::size_t i = 0; i <= current_ && i < items_.size(); ++i)
        if (is_enabled(*items_[i])) ++n;
    return n;
}

int SessionFlow::progress_total() const {
    if (current_item() == nullptr) return 0;
    return static_cast<int>(
        std::count_if(items_.begin(), items_.end(), [this](const Item* item) { return is_enabled(*item); }));
}

// --- internals -----------------------------------------------------------------------------

bool SessionFlow::is_enabled(const Item& item) const { return item_enabled(item, answers_); }

std::optional<std::size_t> SessionFlow::next_enabled(std::size_t from) const {
    for (std::size_t i = from; i < items_.size(); ++i)
        if (is_enabled(*items_[i])) return i;
    return std::nullopt;
}

std::optional<std::size_t> SessionFlow::previous_enabled(std::size_t before) const {
    for (std::size_t i = std::min(before, items_.size()); i-- > 0;)
        if (is_enabled(*items_[i])) return i;
    return std::nullopt;
}

void SessionFlow::first_question(SteadyTime now) {
    if (const auto first = next_enabled(0))
        enter_question(*first, now);
    else
        finish(now);
}

void SessionFlow::enter_question(std::size_t index, SteadyTime now) {
    now_ = now;
    advance_at_.reset();
    current_ = index;
    step_ = Step::question;
    text_draft_.clear();
    shift_ = false;
    const auto& chosen = values(items_[index]->link_id);
    if (is_text_item(*items_[index]) && !chosen.empty()) text_draft_ = std::get<std::string>(chosen.front());
}

void SessionFlow::advance(SteadyTime now) {
    advance_at_.reset();
    if (const auto following = next_enabled(current_ + 1))
        enter_question(*following, now);
    else
        finish(now);
}

void SessionFlow::finish(SteadyTime now) {
    // What the flow knows: the answers and the patient's choices. The recorder adds the times and
    // the store the rest (core/questionnaire/response_record.h).
    Response r = completed_response(q_, answers_);
    r.session_id = session_id_;
    r.language = language_;
    r.kiosk_id = settings_.kiosk_id;
    r.therapist_id = therapist_.id;
    r.therapist_name = therapist_.name;
    r.visit_code = visit_code_;
    recorder_.complete(r);
    // Only the language and display choices stay for the thank-you screen.
    const std::string language = language_;
    const bool large = large_text_, contrast = high_contrast_;
    start_fresh();
    language_ = language;
    large_text_ = large;
    high_contrast_ = contrast;
    step_ = Step::thanks;
    now_ = now;
    thanks_until_ = now + settings_.thanks;
    last_completed_ = now;
}

void SessionFlow::store_values(const Item& item, std::vector<AnswerValue> values) {
    if (values.empty()) {
        if (answers_.count(item.link_id) != 0) recorder_.clear(session_id_, item.link_id);
        answers_.erase(item.link_id);
    } else {
        recorder_.answer(session_id_, ResponseAnswer{item.link_id, values});
        answers_[item.link_id] = std::move(values);
    }
    clear_disabled();
}

// A changed answer can hide later items; their answers go, in the store too.
void SessionFlow::clear_disabled() {
    AnswerMap kept = enabled_answers(q_, answers_);
    for (const auto& [link_id, values] : answers_)
        if (kept.count(link_id) == 0) recorder_.clear(session_id_, link_id);
    answers_ = std::move(kept);
}

void SessionFlow::commit_text() {
    const Item* item = current_item();
    if (item == nullptr || !is_text_item(*item)) return;
    const std::string text = trim_spaces(text_draft_);
    const auto& stored = values(item->link_id);
    if (text.empty())
        store_values(*item, {});
    else if (stored.empty() || std::get<std::string>(stored.front()) != text)
        store_values(*item, {text});
}

void SessionFlow::start_fresh() {
    step_ = resumed_step_ = Step::welcome;
    language_ = settings_.default_language;
    language_chosen_ = large_text_ = high_contrast_ = false;
    session_id_.clear();
    therapist_shown_ = false;
    therapist_ = Therapist{};
    visit_code_.clear();
    answers_.clear();
    current_ = 0;
    text_draft_.clear();
    shift_ = false;
    advance_at_.reset();
    still_there_until_.reset();
    thanks_until_.reset();
}

void SessionFlow::abandon_and_start_fresh() {
    const std::string id = session_id_;
    start_fresh();  // first, so that nothing of this patient survives even a failed write
    if (!id.empty()) recorder_.abandon(id);
}

bool SessionFlow::accepts_input() const { return !advance_at_.has_value(); }

void SessionFlow::note(SteadyTime now) { now_ = last_touch_ = now; }

}  // namespace alliance
