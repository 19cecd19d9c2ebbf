#pragma once
// The patient's session (kiosk/README.md, "Session flow") as a state machine driven by plain events: begin,
// language, therapist, visit code, answer, skip, back, next, continue, tick, touch and reset.
// It decides what comes next and when; it knows nothing of widgets, pixels or SQLite. Writes go
// through a SessionRecorder, always BEFORE the flow moves on, so an answer is stored before the
// next screen shows and a failed write leaves the flow where it was.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/controller.h"
#include "core/config/config.h"
#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire.h"
#include "core/questionnaire/response.h"

namespace alliance {

// Where the flow writes. KioskApp's implementation writes to the Store; tests record calls.
class SessionRecorder {
public:
    virtual ~SessionRecorder() = default;
    virtual std::string start(const std::string& language) = 0;  // returns the session id
    virtual void language(const std::string& session_id, const std::string& language) = 0;
    virtual void therapist(const std::string& session_id, const Therapist& therapist) = 0;
    virtual void visit_code(const std::string& session_id, const std::string& code) = 0;
    virtual void answer(const std::string& session_id, const ResponseAnswer& answer) = 0;
    virtual void clear(const std::string& session_id, const std::string& link_id) = 0;
    // The recorder stamps started_at/authored_at and freezes the response (assembled as
    // core/questionnaire/response_record.h says).
    virtual void complete(const Response& response) = 0;
    // A walked-away or staff-reset session (kept as stopped or discarded, as configured).
    virtual void abandon(const std::string& session_id) = 0;
};

struct FlowSettings {
    std::vector<std::string> languages = {"en"};
    std::string default_language = "en";
    std::string kiosk_id;
    bool ask_therapist = true;
    bool ask_visit_code = false;
    std::chrono::seconds idle{60};
    std::chrono::seconds still_there{20};
    std::chrono::seconds thanks{8};
    // A session begun this soon after the last completed one asks "Are you a new patient?" first
    // (0: never).
    std::chrono::seconds min_between_responses{0};
    // How long a single-choice tap stays highlighted before the next screen.
    std::chrono::milliseconds highlight{350};
    std::size_t visit_code_max_digits = 10;
    std::size_t text_max_chars = 500;
};
FlowSettings flow_settings(const Config& config);

enum class Step { welcome, new_patient, therapist, visit_code, question, thanks, still_there };

class SessionFlow {
public:
    SessionFlow(const Questionnaire& questionnaire, FlowSettings settings, SessionRecorder& recorder);

    // --- events (each ignored where it makes no sense, e.g. `next` on welcome) --------------
    // `therapists_available`: false skips the therapist screen (nobody on duty today).
    // Soon after a completed response ([kiosk] min_seconds_between_responses) it asks
    // "Are you a new patient?" first: new_patient(true) goes on, new_patient(false) returns to welcome.
    void begin(SteadyTime now, bool therapists_available = true);
    void new_patient(bool is_new, SteadyTime now);
    void choose_language(std::string_view code, SteadyTime now);
    void choose_therapist(const Therapist& therapist, SteadyTime now);  // empty id: "not sure"
    void visit_code_digit(char digit, SteadyTime now);
    void visit_code_delete(SteadyTime now);
    void visit_code_done(SteadyTime now);
    void visit_code_skip(SteadyTime now);
    // A tap on an answer of the current item: an option's coding (matched by its code), an
    // integer in the item's range, a bool; anything else is ignored.
    void answer(std::string_view link_id, const AnswerValue& value, SteadyTime now);
    // The on-screen keyboard on a text item: one character (UTF-8; " " for the space bar), as a
    // capital after shift (one letter, as on a phone); shift on or off; delete the last character.
    void type_text(std::string_view character, SteadyTime now);
    void toggle_shift(SteadyTime now);
    void delete_text(SteadyTime now);
    void next(SteadyTime now);
    void back(SteadyTime now);
    void skip(SteadyTime now);
    void keep_going(SteadyTime now);  // "continue" on still-there
    void toggle_large_text(SteadyTime now);
    void toggle_high_contrast(SteadyTime now);
    void request_speech(SteadyTime now);
    void touched(SteadyTime now);
    void tick(SteadyTime now);
    // Staff "reset now": the session is abandoned as configured and nothing of it remains.
    void reset(SteadyTime now);
    // The default language may change (staff menu); it applies from the next welcome screen.
    void set_default_language(const std::string& language);
    std::optional<SteadyTime> next_deadline() const;

    // --- state, for the view ----------------------------------------------------------------
    Step step() const { return step_; }
    // The questionnaire given at construction was replaced in place ([fleet]); on welcome only.
    void questionnaire_replaced();
    const std::string& language() const { return language_; }
    bool large_text() const { return large_text_; }
    bool high_contrast() const { return high_contrast_; }
    std::uint64_t speak_requests() const { return speak_requests_; }
    bool in_session() const { return !session_id_.empty(); }
    const std::string& session_id() const { return session_id_; }
    const std::string& visit_code() const { return visit_code_; }
    const Therapist& therapist() const { return therapist_; }
    const FlowSettings& settings() const { return settings_; }
    const Questionnaire& questionnaire() const { return q_; }
    const Item* current_item() const;
    // Values currently chosen for `link_id` (empty when unanswered).
    const std::vector<AnswerValue>& values(std::string_view link_id) const;
    const std::string& text_draft() const { return text_draft_; }
    bool shift() const { return shift_; }
    bool text_has_room() const;
    bool highlighting() const { return advance_at_.has_value(); }
    bool can_go_next() const;
    bool can_go_back() const;
    bool can_skip() const;
    // 1-based position of the current item among the enabled items, and their number.
    int progress_current() const;
    int progress_total() const;
    std::optional<int> countdown_seconds() const;

private:
    bool is_enabled(const Item& item) const;
    std::optional<std::size_t> next_enabled(std::size_t from) const;
    std::optional<std::size_t> previous_enabled(std::size_t before) const;
    void enter_question(std::size_t index, SteadyTime now);
    void first_question(SteadyTime now);
    void advance(SteadyTime now);
    void finish(SteadyTime now);
    void store_values(const Item& item, std::vector<AnswerValue> values);
    void clear_disabled();
    void commit_text();
    void start_fresh();
    void abandon_and_start_fresh();
    bool accepts_input() const;
    bool accepts_text() const;  // a text item takes keys now
    void note(SteadyTime now);
    void start_session(SteadyTime now);

    const Questionnaire& q_;
    FlowSettings settings_;
    SessionRecorder& recorder_;
    std::vector<const Item*> items_;

    Step step_ = Step::welcome;
    Step resumed_step_ = Step::welcome;
    std::string language_;
    bool large_text_ = false;
    bool high_contrast_ = false;
    bool language_chosen_ = false;
    std::uint64_t speak_requests_ = 0;
    std::string session_id_;
    bool therapist_shown_ = false;
    Therapist therapist_;
    std::string visit_code_;
    AnswerMap answers_;
    std::size_t current_ = 0;
    std::string text_draft_;
    SteadyTime now_{};
    SteadyTime last_touch_{};
    std::optional<SteadyTime> advance_at_;
    std::optional<SteadyTime> still_there_until_;
    std::optional<SteadyTime> thanks_until_;
    bool therapists_available_ = true;
    bool shift_ = false;
    std::optional<SteadyTime> last_completed_;  // kept across sessions, for the new-patient question
};

}  // namespace alliance
