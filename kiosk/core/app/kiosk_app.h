#pragma once
// The core behind the SFML window: KioskApp implements Controller. It owns the session flow, the
// staff mode and the store, finds the tapped widget and turns its action into flow events, runs
// the staff-corner hold, and produces the View of every screen (out of service included). The UI
// decides nothing.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/api/controller.h"
#include "core/api/view.h"
#include "core/base/clock.h"
#include "core/base/strings.h"
#include "core/config/config.h"
#include "core/content/content_switch.h"
#include "core/questionnaire/questionnaire.h"
#include "core/session/session_flow.h"
#include "core/session/store_recorder.h"
#include "core/staff/staff_mode.h"
#include "core/store/store.h"

namespace alliance {

class KioskApp final : public Controller {
public:
    // A working kiosk. Closes sessions a crash left open (recover_interrupted); a store that
    // fails there puts the kiosk out of service.
    KioskApp(Config config, Questionnaire questionnaire, Strings strings, std::unique_ptr<Store> store,
             const Clock& clock);
    // Out of service from the start (bad content, unusable store); `store` may be null.
    KioskApp(Config config, Strings strings, std::unique_ptr<Store> store, std::string error_code, const Clock& clock);
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    const View& view() const override { return view_; }
    void tap(std::string_view widget_id, SteadyTime now) override;
    void press(std::string_view widget_id, SteadyTime now) override;
    void release(std::string_view widget_id, SteadyTime now) override;
    void touched(SteadyTime now) override;
    void tick(SteadyTime now) override;
    std::optional<SteadyTime> next_deadline() const override;
    bool exit_requested() const override { return exit_requested_; }
    void fail(std::string_view code, std::string_view detail, SteadyTime now) override;

    bool out_of_service() const { return !error_code_.empty(); }
    const std::string& error_code() const { return error_code_; }

private:
    void start(SteadyTime now);
    // What a tap on a patient screen does: the widget's action, as the session view attached it.
    void act(const Action& action, SteadyTime now);
    void act_on(StaffAction action, SteadyTime now);
    void staff_closed(SteadyTime now);
    // Runs an event (the flow's, staff mode's); any exception puts the kiosk out of service
    // (a store failure with its StoreError::code(), anything else E-INTERNAL).
    template <class F>
    void guarded(F&& event, SteadyTime now);
    void go_out_of_service(const std::string& code, const std::string& detail, SteadyTime now);
    const Widget* find_widget(std::string_view id) const;
    std::optional<Therapist> therapist_on_duty(std::string_view id) const;
    void refresh();
    View current_view() const;
    // [fleet]: content pulled from the server replaces the content in use, on the welcome
    // screen only (never in the middle of a patient).
    void switch_content_at_welcome();
    // [fleet]: in or out of service and the content shown, for this kiosk's Device (kiosk_health.h).
    void report_health();

    const Clock& clock_;
    Config config_;
    Questionnaire questionnaire_;
    Strings strings_;
    std::unique_ptr<Store> store_;
    StoreRecorder recorder_;
    SessionFlow flow_;
    StaffMode staff_;
    std::string error_code_;
    std::optional<SteadyTime> hold_since_;
    std::chrono::seconds hold_shown_{0};  // whole seconds of the hold the screen shows
    // When to try again to store a finished session's completion (out of service meanwhile).
    static constexpr std::chrono::seconds unsaved_completion_retry{10};
    std::optional<SteadyTime> retry_at_;
    bool exit_requested_ = false;
    View view_;
    ContentSwitch content_switch_{config_};
    std::map<std::string, std::filesystem::path> photos_;  // therapist id -> photo file
};

// Loads the content named by `config` and opens its store; any failure gives an out-of-service
// kiosk with a code and the details on stderr: E-CONTENT for the content (no content directory,
// unreadable strings, a language without strings, a refused questionnaire), StoreError::code()
// (E-STORE-FULL, E-STORE-OPEN, ...) or E-STORE for the store, E-INTERNAL for anything else.
// Never throws.
std::unique_ptr<KioskApp> make_kiosk_app(const Config& config, const Clock& clock);

}  // namespace alliance
