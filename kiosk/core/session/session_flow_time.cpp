// SessionFlow's clock: what happens when time passes (the highlight's end, idle, the still-there
// and thank-you countdowns, the unanswered new-patient question), and when the next of those is due.
#include <algorithm>

#include "core/session/session_flow.h"

namespace alliance {

void SessionFlow::tick(SteadyTime now) {
    now_ = now;
    if (advance_at_ && now >= *advance_at_) advance(now);
    const bool waits_for_patient = step_ == Step::therapist || step_ == Step::visit_code || step_ == Step::question;
    if (waits_for_patient && now >= last_touch_ + settings_.idle) {
        resumed_step_ = step_;
        step_ = Step::still_there;
        still_there_until_ = now + settings_.still_there;
    }
    if (step_ == Step::still_there && still_there_until_ && now >= *still_there_until_) abandon_and_start_fresh();
    if (step_ == Step::thanks && thanks_until_ && now >= *thanks_until_) start_fresh();
    if (step_ == Step::new_patient && now >= last_touch_ + settings_.idle) start_fresh();
    // A language or display choice left on the welcome screen is undone for the next person.
    const bool welcome_changed = language_ != settings_.default_language || large_text_ || high_contrast_;
    if (step_ == Step::welcome && welcome_changed && now >= last_touch_ + settings_.idle) start_fresh();
}

std::optional<SteadyTime> SessionFlow::next_deadline() const {
    std::optional<SteadyTime> due;
    const auto consider = [&due](SteadyTime t) {
        if (!due || t < *due) due = t;
    };
    if (advance_at_) consider(*advance_at_);
    switch (step_) {
        case Step::therapist:
        case Step::visit_code:
        case Step::question:
        case Step::new_patient: consider(last_touch_ + settings_.idle); break;
        case Step::still_there:
        case Step::thanks: {
            // Wake each time the visible countdown changes, and at the end.
            const auto& until = step_ == Step::thanks ? thanks_until_ : still_there_until_;
            if (until) {
                const int left = countdown_seconds().value_or(0);
                consider(*until - std::chrono::seconds(std::max(left - 1, 0)));
            }
            break;
        }
        case Step::welcome:
            if (language_ != settings_.default_language || large_text_ || high_contrast_)
                consider(last_touch_ + settings_.idle);
            break;
    }
    return due;
}

std::optional<int> SessionFlow::countdown_seconds() const {
    const auto& until = step_ == Step::thanks ? thanks_until_ : still_there_until_;
    if ((step_ != Step::still_there && step_ != Step::thanks) || !until) return std::nullopt;
    const auto left = *until - now_;
    if (left <= SteadyTime::duration::zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

}  // namespace alliance
