#include "core/app/kiosk_app.h"

#include <iostream>

#include "core/base/error_codes.h"
#include "core/base/time_format.h"
#include "core/content/content_check.h"
#include "core/content/kiosk_health.h"
#include "core/content/paths.h"
#include "core/content/therapist_photo.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/session/session_view.h"

namespace alliance {
namespace {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;  // clang 14 has no aggregate deduction

bool is_staff_corner(const Widget* w) { return w != nullptr && std::holds_alternative<action::StaffCorner>(w->action); }

std::string content_version(const Questionnaire& q) { return q.id + " " + q.version; }

// Details go to stderr (the journal under systemd); never a patient's answer.
void log(const std::string& message) { std::cerr << "alliance-kiosk: " << message << '\n'; }

}  // namespace

// --- KioskApp: construction ----------------------------------------------------------------

KioskApp::KioskApp(Config config, Questionnaire questionnaire, Strings strings, std::unique_ptr<Store> store,
                   const Clock& clock)
    : clock_(clock),
      config_(std::move(config)),
      questionnaire_(std::move(questionnaire)),
      strings_(std::move(strings)),
      store_(std::move(store)),
      recorder_(store_.get(), questionnaire_, config_, clock_),
      flow_(questionnaire_, flow_settings(config_), recorder_),
      staff_(config_, store_.get(), strings_) {
    start(clock_.steady_now());
}

KioskApp::KioskApp(Config config, Strings strings, std::unique_ptr<Store> store, std::string error_code,
                   const Clock& clock)
    : clock_(clock),
      config_(std::move(config)),
      strings_(std::move(strings)),
      store_(std::move(store)),
      recorder_(store_.get(), questionnaire_, config_, clock_),
      flow_(questionnaire_, flow_settings(config_), recorder_),
      staff_(config_, store_.get(), strings_),
      error_code_(std::move(error_code)) {
    start(clock_.steady_now());
}

void KioskApp::start(SteadyTime now) {
    photos_ = therapist_photos(config_, config_.kiosk.therapists);
    switch_content_at_welcome();
    if (!out_of_service()) {
        staff_.set_content_version(content_version(questionnaire_));
        if (store_ == nullptr) {
            go_out_of_service("E-STORE-OPEN", "no store was given", now);
        } else {
            try {
                // Finished sessions whose completion a failing store refused, before anything
                // else closes them as walked away from.
                const int completed = recorder_.complete_marked();
                if (completed > 0)
                    log("completed " + std::to_string(completed) + " finished session(s) not stored before");
                // Never resumed: whoever stands at the kiosk now is someone else.
                const int closed = store_->recover_interrupted(config_.kiosk.partial, clock_.wall_now());
                if (closed > 0) log("closed " + std::to_string(closed) + " session(s) left open by a crash");
            } catch (const StoreError& e) {
                go_out_of_service(e.code(), e.what(), now);
            }
        }
    }
    flow_.set_default_language(staff_.default_language());
    report_health();
    refresh();
}

// --- KioskApp: input -----------------------------------------------------------------------

void KioskApp::tap(std::string_view widget_id, SteadyTime now) {
    if (is_staff_corner(find_widget(widget_id))) return;  // the corner opens by holding it (press/release)
    if (const auto due = next_deadline(); due && *due <= now) tick(now);  // a late tick first
    // Only what is on screen can be tapped: a stale id from an earlier screen (or a previous
    // patient's) does nothing. The copy outlives the refresh an action may cause.
    const Widget* w = find_widget(widget_id);
    const Action action = w != nullptr ? w->action : Action{};
    if (staff_.is_open()) {
        guarded([&] { act_on(staff_.tap(action, now, clock_.wall_now()), now); }, now);
        if (!staff_.is_open()) staff_closed(now);
    } else if (!out_of_service() && w != nullptr && w->enabled) {
        switch_content_at_welcome();  // the next patient starts with the newest content
        guarded([&] { act(action, now); }, now);
    }
    refresh();
}

void KioskApp::press(std::string_view widget_id, SteadyTime now) {
    if (is_staff_corner(find_widget(widget_id)) && !staff_.is_open()) hold_since_ = now;
    refresh();
}

void KioskApp::release(std::string_view widget_id, SteadyTime now) {
    if (!is_staff_corner(find_widget(widget_id)) || !hold_since_) return;
    // Held long enough but no tick came in between: it still counts.
    if (now >= *hold_since_ + std::chrono::seconds(config_.staff.hold_seconds)) {
        tick(now);
        return;
    }
    hold_since_.reset();  // released early: nothing happens, and the progress goes away
    refresh();
}

void KioskApp::touched(SteadyTime now) {
    if (const auto due = next_deadline(); due && *due <= now) tick(now);
    if (staff_.is_open())
        staff_.touched(now);
    else if (!out_of_service())
        flow_.touched(now);
    refresh();
}

void KioskApp::tick(SteadyTime now) {
    if (hold_since_ && now >= *hold_since_ + std::chrono::seconds(config_.staff.hold_seconds)) {
        hold_since_.reset();
        guarded([&] { staff_.open(now, clock_.wall_now()); }, now);
    }
    if (staff_.is_open()) {
        guarded([&] { staff_.tick(now, clock_.wall_now()); }, now);
        if (!staff_.is_open()) staff_closed(now);
    } else if (!out_of_service()) {
        guarded([&] { flow_.tick(now); }, now);
        switch_content_at_welcome();
    }
    if (retry_at_ && now >= *retry_at_)
        retry_at_ = recorder_.retry_unsaved_completion() ? std::nullopt : std::optional(now + unsaved_completion_retry);
    refresh();
}

std::optional<SteadyTime> KioskApp::next_deadline() const {
    std::optional<SteadyTime> due;
    if (hold_since_) {
        // Wake at each whole second of the hold, so the progress on screen counts down. From the
        // second last shown, not the clock: a deadline must stay put until its tick has run.
        due = *hold_since_ +
              std::min(hold_shown_ + std::chrono::seconds(1), std::chrono::seconds(config_.staff.hold_seconds));
    }
    // The patient flow's timers wait while staff use the kiosk.
    const auto other = staff_.is_open()   ? staff_.next_deadline()
                       : out_of_service() ? std::nullopt
                                          : flow_.next_deadline();
    if (other && (!due || *other < *due)) due = other;
    if (retry_at_ && (!due || *retry_at_ < *due)) due = retry_at_;
    return due;
}

// --- KioskApp: what a tap means -------------------------------------------------------------

void KioskApp::act(const Action& action, SteadyTime now) {
    namespace a = alliance::action;
    std::visit(overloaded{
                   [&](const a::Start&) { flow_.begin(now, !staff_.therapists_on_duty(clock_.wall_now()).empty()); },
                   [&](const a::ChooseLanguage& l) { flow_.choose_language(l.code, now); },
                   [&](const a::ToggleLargeText&) { flow_.toggle_large_text(now); },
                   [&](const a::ToggleHighContrast&) { flow_.toggle_high_contrast(now); },
                   [&](const a::ReadAloud&) { flow_.request_speech(now); },
                   [&](const a::ChooseTherapist& t) {
                       if (t.therapist_id.empty())
                           flow_.choose_therapist(Therapist{}, now);  // "not sure"
                       else if (const auto on_duty = therapist_on_duty(t.therapist_id))
                           flow_.choose_therapist(*on_duty, now);
                   },
                   [&](const a::Answer& answer) { flow_.answer(answer.link_id, answer.value, now); },
                   [&](const a::TypeText& t) { flow_.type_text(t.text, now); },
                   [&](const a::DeleteText&) { flow_.delete_text(now); },
                   [&](const a::ToggleShift&) { flow_.toggle_shift(now); },
                   [&](const a::NewPatient& n) { flow_.new_patient(n.is_new, now); },
                   [&](const a::KeypadDigit& d) { flow_.visit_code_digit(d.digit, now); },
                   [&](const a::KeypadDelete&) { flow_.visit_code_delete(now); },
                   [&](const a::KeypadOk&) { flow_.visit_code_done(now); },
                   [&](const a::Next&) { flow_.next(now); },
                   [&](const a::Back&) { flow_.back(now); },
                   [&](const a::Skip&) { flow_.skip(now); },
                   [&](const a::SkipVisitCode&) { flow_.visit_code_skip(now); },
                   [&](const a::KeepGoing&) { flow_.keep_going(now); },
                   [&](const a::StartOver&) { flow_.reset(now); },
                   // Staff mode's own (it has the screen while open), the corner, none.
                   [](const auto&) {},
               },
               action);
}

void KioskApp::act_on(StaffAction action, SteadyTime now) {
    switch (action) {
        case StaffAction::reset_session: guarded([&] { flow_.reset(now); }, now); break;
        case StaffAction::exit_app: exit_requested_ = true; break;
        case StaffAction::none:
        case StaffAction::closed:    // handled by staff_closed() once is_open() is false
        case StaffAction::sync_now:  // staff mode has already asked the sync daemon
            break;
    }
    flow_.set_default_language(staff_.default_language());
}

void KioskApp::staff_closed(SteadyTime now) {
    // Back to the patient's screen with a fresh idle period.
    if (!out_of_service()) flow_.touched(now);
    flow_.set_default_language(staff_.default_language());
}

void KioskApp::fail(std::string_view code, std::string_view detail, SteadyTime now) {
    staff_.close_after_failure(clock_.wall_now());  // staff screens may be what failed to draw
    go_out_of_service(std::string(code), std::string(detail), now);
    refresh();
}

template <class F>
void KioskApp::guarded(F&& event, SteadyTime now) {
    try {
        event();
    } catch (const StoreError& e) {
        go_out_of_service(e.code(), e.what(), now);
    } catch (const std::exception& e) {
        // A bug or an exhausted resource: a calm screen beats a crash loop in front of a patient.
        go_out_of_service("E-INTERNAL", e.what(), now);
    }
}

void KioskApp::go_out_of_service(const std::string& code, const std::string& detail, SteadyTime now) {
    log("out of service (" + code + "): " + detail + "; " + what_to_do(code));
    error_code_ = code;
    report_health();
    hold_since_.reset();
    // A finished session the store refused is stored as soon as the store works again.
    if (recorder_.has_unsaved_completion()) retry_at_ = now + unsaved_completion_retry;
    try {
        flow_.reset(now);  // the patient's state goes even if the store cannot close the session
    } catch (const std::exception& e) {
        log(std::string("could not close the open session: ") + e.what());
    }
}

const Widget* KioskApp::find_widget(std::string_view id) const {
    for (const auto& w : view_.widgets)
        if (w.id == id) return &w;
    return nullptr;
}

std::optional<Therapist> KioskApp::therapist_on_duty(std::string_view id) const {
    for (auto& t : staff_.therapists_on_duty(clock_.wall_now()))
        if (t.id == id) return t;
    return std::nullopt;
}

void KioskApp::switch_content_at_welcome() {
    if (out_of_service() || staff_.is_open() || flow_.step() != Step::welcome) return;
    ContentSwitch::Update update = content_switch_.poll();
    if (update.questionnaire) {
        questionnaire_ = std::move(*update.questionnaire);
        flow_.questionnaire_replaced();
        staff_.set_content_version(content_version(questionnaire_));
        report_health();
    }
    if (update.therapists) {
        photos_ = therapist_photos(config_, *update.therapists);
        staff_.set_therapists(std::move(*update.therapists));
    }
}

void KioskApp::report_health() {
    if (!config_.fleet.enabled) return;
    write_kiosk_health(config_, {!out_of_service(), error_code_,
                                 out_of_service() && questionnaire_.id.empty() ? "" : content_version(questionnaire_),
                                 to_rfc3339(clock_.wall_now())});
}

void KioskApp::refresh() {
    staff_.set_out_of_service(error_code_);  // the status screen's first line names it
    hold_shown_ = hold_since_ ? std::chrono::floor<std::chrono::seconds>(clock_.steady_now() - *hold_since_)
                              : std::chrono::seconds(0);
    View next;
    try {
        next = current_view();
    } catch (const std::exception& e) {
        // The screen itself could not be made: the out-of-service one is made from strings alone.
        if (!out_of_service()) {
            log(std::string("out of service (E-INTERNAL): ") + e.what());
            error_code_ = "E-INTERNAL";
        }
        next = out_of_service_view(strings_, flow_.language(), error_code_);
    }
    next.revision = view_.revision;
    if (next == view_) return;
    ++next.revision;
    view_ = std::move(next);
}

View KioskApp::current_view() const {
    View next;
    if (staff_.is_open()) {
        next = staff_.view(staff_.default_language());  // the front desk's language, not the patient's
        add_staff_hotspot(next);
    } else if (out_of_service()) {
        next = out_of_service_view(strings_, flow_.language(), error_code_);
    } else {
        next = session_view(flow_, {strings_, config_.kiosk.clinic_name, staff_.therapists_on_duty(clock_.wall_now()),
                                    photos_, config_.kiosk.who_sees_answers});
    }
    if (hold_since_) show_hold_progress(next, strings_, clock_.steady_now() - *hold_since_, config_.staff.hold_seconds);
    return next;
}

// --- start-up --------------------------------------------------------------------------------

static std::unique_ptr<KioskApp> make_kiosk_app_or_throw(const Config& config, const Clock& clock) {
    std::string code;
    const auto failed = [&code](const std::string& c, const std::exception& e) {
        log("cannot start (" + c + "): " + e.what() + "; " + what_to_do(c));
        if (code.empty()) code = c;
    };
    Strings strings;
    Questionnaire questionnaire;
    try {
        std::vector<std::string> warnings;
        strings = load_kiosk_strings(config, warnings);
        questionnaire = load_kiosk_questionnaire(config, warnings);
        for (const auto& warning : warnings) log(warning);
    } catch (const std::exception& e) {
        failed("E-CONTENT", e);
    }
    std::unique_ptr<Store> store;
    try {
        store = Store::open(config.storage.dir);
    } catch (const StoreError& e) {
        failed(e.code(), e);
    } catch (const std::exception& e) {
        failed("E-STORE", e);
    }
    if (!code.empty()) return std::make_unique<KioskApp>(config, std::move(strings), std::move(store), code, clock);
    return std::make_unique<KioskApp>(config, std::move(questionnaire), std::move(strings), std::move(store), clock);
}

std::unique_ptr<KioskApp> make_kiosk_app(const Config& config, const Clock& clock) {
    try {
        return make_kiosk_app_or_throw(config, clock);
    } catch (const std::exception& e) {
        // An unexpected failure (memory, a bug): a calm screen, never a restart loop.
        log(std::string("cannot start (E-INTERNAL): ") + e.what());
        return std::make_unique<KioskApp>(config, Strings{}, nullptr, "E-INTERNAL", clock);
    }
}

}  // namespace alliance
