#pragma once
// Front-desk staff mode (kiosk/README.md, "Front desk"): the PIN pad and the staff menu, as a View
// producer. KioskApp detects the hold on the hidden corner and calls open(); it routes taps here
// while is_open() and acts on the StaffAction returned (reset the patient's session, exit).
//
// Pages (View::item names them; the UI-tree contract, see kiosk/README.md "Front desk"):
//   staff-pin  / item "pin"     keypad key:0..key:9, key:back, key:ok; staff:close
//   staff-pin  / item "it-pin"  the same for the IT PIN before exit (when configured)
//   staff-menu / item "menu"    staff:reset, staff:status, staff:sync-now, staff:therapists,
//                               staff:language, staff:exit; staff:close
//   staff-menu / item "status"  figures in View::body; staff:sync-now, staff:back, staff:close
//   staff-menu / item "therapists"  duty:<id> toggles (selected = on duty); staff:back, staff:close
//   staff-menu / item "language"    default-language:<code> (selected = current); staff:back, ...
//   staff-menu / item "exit"    staff:exit-confirm, staff:back, staff:close
// Every action and every PIN failure is audited (never the PIN itself).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/controller.h"
#include "core/api/view.h"
#include "core/base/strings.h"
#include "core/config/config.h"
#include "core/staff/pin.h"
#include "core/staff/staff_status.h"
#include "core/store/store.h"

namespace alliance {

enum class StaffAction { none, closed, reset_session, exit_app, sync_now };

class StaffMode {
public:
    StaffMode(const Config& config, Store* store /*nullable: store unusable*/, const Strings& strings);
    bool is_open() const { return open_; }
    void open(SteadyTime now, WallTime wall);      // the corner was held long enough
    View view(const std::string& language) const;  // staff-pin or staff-menu screen
    // A tap on a widget of view(): its action (KioskApp finds the widget by id).
    StaffAction tap(const Action& action, SteadyTime now, WallTime wall);
    void touched(SteadyTime now);
    void tick(SteadyTime now, WallTime wall);  // closes itself after 60 s without touch
    std::optional<SteadyTime> next_deadline() const;
    // The patient flow's therapist list: everyone configured on duty (the default; on_duty = false
    // in the config starts a therapist off duty), changed by what staff toggled today.
    std::vector<Therapist> therapists_on_duty() const;  // today by the system clock
    std::vector<Therapist> therapists_on_duty(WallTime now) const;
    std::string default_language() const;
    // Closes staff mode at once because the kiosk failed (out of service); never throws.
    void close_after_failure(WallTime wall);

    // Additions: the questionnaire id/version shown on the status screen (KioskApp knows it).
    void set_content_version(std::string version) { content_version_ = std::move(version); }
    // The kiosk's out-of-service code ("" in service), for the status screen's first line.
    void set_out_of_service(std::string code) { out_of_service_code_ = std::move(code); }
    // [fleet]: the therapist list pulled from the server replaces [kiosk] therapists.
    void set_therapists(std::vector<Therapist> therapists) {
        config_.kiosk.therapists = std::move(therapists);
        changed();
    }
    // Grows whenever view() would change (for KioskApp's View::revision).
    std::uint64_t revision() const { return revision_; }

    // The store state keys (documented in kiosk/README.md).
    static constexpr const char* staff_lock_key = "staff.pin_lock";
    static constexpr const char* it_lock_key = "staff.it_pin_lock";
    static constexpr const char* off_duty_key = "staff.off_duty";
    static constexpr const char* default_language_key = "kiosk.default_language";
    // The file the sync daemon watches: <storage dir>/sync.request.
    static constexpr const char* sync_request_file = "sync.request";

private:
    enum class Page { pin, it_pin, menu, status, therapists, language, exit_confirm };
    struct PinPad {
        const char* actor;  // "staff" or "it"
        const char* state_key;
        std::filesystem::path file;
        PinLockState lock;
    };

    View pin_view(const std::string& language) const;
    View menu_view(const std::string& language) const;
    StaffAction tap_pin(const Action& action, WallTime wall);
    StaffAction tap_menu(const Action& action, WallTime wall);
    StaffAction menu_command(action::StaffCommand command, WallTime wall);
    StaffAction check_pin(WallTime wall);
    PinPad& pad() { return page_ == Page::it_pin ? it_pad_ : staff_pad_; }
    const PinPad& pad() const { return page_ == Page::it_pin ? it_pad_ : staff_pad_; }
    void show_pin_page(Page page, WallTime wall);
    void close(const char* outcome, WallTime wall);
    void request_sync(WallTime wall);
    StaffStatus status_now() const;
    void toggle_duty(const std::string& therapist_id, WallTime wall);
    void set_default_language(const std::string& code, WallTime wall);
    void audit(const std::string& actor, const std::string& action, const std::string& outcome,
               const std::string& detail, WallTime wall);
    std::optional<std::string> state(const std::string& key) const;
    void save_state(const std::string& key, const std::string& value);
    // Today's changes staff made to who is on duty: those turned off, and those configured with
    // on_duty = false whom staff turned on.
    struct DutyChanges {
        std::vector<std::string> off, on;
    };
    DutyChanges duty_changes_today(WallTime now) const;
    bool is_on_duty(const Therapist& t, const DutyChanges& changes) const;
    void changed() { ++revision_; }

    Config config_;
    Store* store_;
    const Strings& strings_;
    bool open_ = false;
    Page page_ = Page::pin;
    std::string entered_;      // digits typed so far; never logged, cleared after each check
    std::string message_key_;  // the PIN pad's or menu's feedback line
    std::string pin_problem_;  // why there is no usable PIN (shown as "not set up")
    PinPad staff_pad_, it_pad_;
    SteadyTime last_touch_{};
    SteadyTime steady_ref_{};            // the last (steady, wall) pair seen: maps the lock's wall-clock
    WallTime wall_ref_{};                // end to a steady deadline, and dates the status screen
    std::optional<StaffStatus> status_;  // collected when the status page opens
    std::string content_version_;
    std::string out_of_service_code_;
    std::uint64_t revision_ = 0;
};

}  // namespace alliance
