#include "core/staff/staff_mode.h"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/base/owner_only_file.h"

namespace alliance {

namespace {

using std::chrono::seconds;

using action::StaffCommand;

bool is_command(const Action& a, StaffCommand command) {
    const auto* staff = std::get_if<action::Staff>(&a);
    return staff != nullptr && staff->command == command;
}

// The clinic's calendar day: therapists on duty are kept until local midnight.
std::string local_date(WallTime t) { return local_time_text(t, "%Y-%m-%d"); }

}  // namespace

StaffMode::StaffMode(const Config& config, Store* store, const Strings& strings)
    : config_(config), store_(store), strings_(strings) {
    staff_pad_ = {"staff", staff_lock_key, config_.staff.pin_hash_file, {}};
    it_pad_ = {"it", it_lock_key, config_.staff.it_pin_hash_file, {}};
}

// --- opening, closing, timers -----------------------------------------------------------------

void StaffMode::open(SteadyTime now, WallTime wall) {
    steady_ref_ = now;
    wall_ref_ = wall;
    last_touch_ = now;
    if (open_) return;  // a second hold while open changes nothing
    open_ = true;
    show_pin_page(Page::pin, wall);
    audit("staff", "open", pin_problem_.empty() ? (pad().lock.locked(wall) ? "locked" : "ok") : "not-set-up", "", wall);
}

void StaffMode::show_pin_page(Page page, WallTime wall) {
    page_ = page;
    entered_.clear();
    message_key_.clear();
    PinPad& p = pad();
    // Read back the persisted lock each time: it is the one that survived a restart.
    if (auto saved = state(p.state_key)) p.lock = PinLockState::parse(*saved, wall);
    pin_problem_ = read_pin_hash_file(p.file).problem;
    if (!pin_problem_.empty()) {
        std::cerr << "alliance-kiosk: " << (page == Page::it_pin ? "IT" : "staff")
                  << " access is not set up: " << pin_problem_ << ". Set a PIN with: alliance-kiosk "
                  << (page == Page::it_pin ? "--set-it-pin" : "--set-pin") << " --config "
                  << (config_.source_file.empty() ? "FILE" : config_.source_file.string()) << "\n";
    }
    changed();
}

void StaffMode::close(const char* outcome, WallTime wall) {
    open_ = false;
    entered_.clear();
    status_.reset();
    audit("staff", "close", outcome, "", wall);
    changed();
}

void StaffMode::close_after_failure(WallTime wall) {
    if (!open_) return;
    try {
        close("kiosk failed", wall);
    } catch (const std::exception&) {
        // already closed; the audit row is what a failing kiosk may be unable to write
    }
}

void StaffMode::touched(SteadyTime now) {
    if (open_) last_touch_ = now;
}

void StaffMode::tick(SteadyTime now, WallTime wall) {
    bool was_locked = pad().lock.locked(wall_ref_);
    auto shown = pad().lock.remaining(wall_ref_);
    steady_ref_ = now;
    wall_ref_ = wall;
    if (!open_) return;
    if (now - last_touch_ >= seconds(config_.staff.menu_timeout_seconds)) {
        close("timeout", wall);
        return;
    }
    if (was_locked && pad().lock.remaining(wall) != shown) {
        if (!pad().lock.locked(wall)) message_key_.clear();
        changed();  // the countdown moved
    }
}

std::optional<SteadyTime> StaffMode::next_deadline() const {
    if (!open_) return std::nullopt;
    SteadyTime deadline = last_touch_ + seconds(config_.staff.menu_timeout_seconds);
    bool on_pad = page_ == Page::pin || page_ == Page::it_pin;
    auto left = pad().lock.remaining(wall_ref_);
    if (on_pad && left.count() > 0) {
        // Wake when the countdown's shown second changes (and at the lock's end).
        auto exact = *pad().lock.locked_until - wall_ref_;
        auto to_next_second = exact - std::chrono::floor<seconds>(exact - std::chrono::milliseconds(1));
        deadline = std::min(deadline, steady_ref_ + std::chrono::duration_cast<SteadyTime::duration>(to_next_second));
    }
    return deadline;
}

// --- taps -------------------------------------------------------------------------------------

StaffAction StaffMode::tap(const Action& action, SteadyTime now, WallTime wall) {
    if (!open_) return StaffAction::none;
    steady_ref_ = now;
    wall_ref_ = wall;
    last_touch_ = now;
    if (is_command(action, StaffCommand::close)) {
        close("closed", wall);
        return StaffAction::closed;
    }
    if (page_ == Page::pin || page_ == Page::it_pin) return tap_pin(action, wall);
    return tap_menu(action, wall);
}

StaffAction StaffMode::tap_pin(const Action& action, WallTime wall) {
    if (is_command(action, StaffCommand::back) && page_ == Page::it_pin) {
        page_ = Page::menu;
        entered_.clear();
        changed();
        return StaffAction::none;
    }
    if (!pin_problem_.empty() || pad().lock.locked(wall)) return StaffAction::none;
    if (std::holds_alternative<action::KeypadOk>(action)) return check_pin(wall);
    if (std::holds_alternative<action::KeypadDelete>(action)) {
        entered_.clear();  // "Clear": retyping is simpler than counting dots
    } else if (const auto* key = std::get_if<action::KeypadDigit>(&action);
               key && key->digit >= '0' && key->digit <= '9') {
        if (entered_.size() < max_pin_digits) entered_ += key->digit;
    } else {
        return StaffAction::none;
    }
    message_key_.clear();
    changed();
    return StaffAction::none;
}

StaffAction StaffMode::check_pin(WallTime wall) {
    changed();
    PinPad& p = pad();
    if (entered_.size() < min_pin_digits) {
        message_key_ = "staff.pin.too_short";  // not counted: it cannot be anyone's PIN
        return StaffAction::none;
    }
    PinHashFile file = read_pin_hash_file(p.file);
    if (!file.hash) {
        pin_problem_ = file.problem;
        entered_.clear();
        audit(p.actor, "pin-check", "not-set-up", "", wall);
        return StaffAction::none;
    }
    bool right = verify_pin(*file.hash, entered_);
    entered_.clear();
    if (right) {
        p.lock.record_success();
        save_state(p.state_key, p.lock.serialize());
        message_key_.clear();
        if (page_ == Page::it_pin) {
            audit("it", "exit", "ok", "", wall);
            open_ = false;
            return StaffAction::exit_app;
        }
        audit("staff", "pin-check", "ok", "", wall);
        page_ = Page::menu;
        return StaffAction::none;
    }
    p.lock.record_failure(wall);
    save_state(p.state_key, p.lock.serialize());
    audit(p.actor, "pin-check", "wrong", std::to_string(p.lock.failures) + " wrong in a row", wall);
    if (p.lock.locked(wall)) {
        audit(p.actor, "lockout", "locked",
              "for " + std::to_string(lock_duration_after(p.lock.failures).count()) + " s", wall);
        message_key_ = "staff.pin.locked";
    } else {
        message_key_ = "staff.pin.wrong";
    }
    return StaffAction::none;
}

StaffAction StaffMode::tap_menu(const Action& action, WallTime wall) {
    changed();
    message_key_.clear();
    if (const auto* duty = std::get_if<action::ToggleDuty>(&action)) {
        if (page_ == Page::therapists) toggle_duty(duty->therapist_id, wall);
        return StaffAction::none;
    }
    if (const auto* language = std::get_if<action::SetDefaultLanguage>(&action)) {
        if (page_ == Page::language) set_default_language(language->code, wall);
        return StaffAction::none;
    }
    const auto* staff = std::get_if<action::Staff>(&action);
    if (staff == nullptr) return StaffAction::none;
    return menu_command(staff->command, wall);
}

StaffAction StaffMode::menu_command(action::StaffCommand command, WallTime wall) {
    switch (command) {
        case StaffCommand::close:  // handled by tap()
            break;
        case StaffCommand::back:
            page_ = Page::menu;
            status_.reset();
            break;
        case StaffCommand::reset_session:
            audit("staff", "reset-session", "ok",
                  config_.kiosk.partial == PartialPolicy::keep ? "partial=keep" : "partial=discard", wall);
            open_ = false;
            status_.reset();
            return StaffAction::reset_session;
        case StaffCommand::status:
            status_ = status_now();
            page_ = Page::status;
            audit("staff", "status", "viewed", "", wall);
            break;
        case StaffCommand::sync_now:
            request_sync(wall);
            if (page_ == Page::status) status_ = status_now();
            return StaffAction::sync_now;
        case StaffCommand::therapists: page_ = Page::therapists; break;
        case StaffCommand::language: page_ = Page::language; break;
        case StaffCommand::exit:
            if (config_.staff.it_pin_hash_file.empty()) {
                page_ = Page::exit_confirm;
            } else {
                show_pin_page(Page::it_pin, wall);
            }
            break;
        case StaffCommand::exit_confirm:
            if (page_ != Page::exit_confirm) break;
            audit("staff", "exit", "ok", "", wall);
            open_ = false;
            return StaffAction::exit_app;
    }
    return StaffAction::none;
}

// --- menu actions -----------------------------------------------------------------------------

StaffStatus StaffMode::status_now() const {
    StaffStatus s = collect_staff_status(config_, store_, content_version_);
    s.out_of_service_code = out_of_service_code_;
    return s;
}

void StaffMode::request_sync(WallTime wall) {
    if (config_.sync.kind == "off") {
        // Nothing would read the request: say so instead of "Sync started".
        message_key_ = "staff.menu.sync_is_off";
        audit("staff", "sync-now", "sync-off", "", wall);
        return;
    }
    // The sync daemon watches this file; its content is only for people reading the directory.
    // Replaced rather than rewritten, so that one left by root (`touch` in a root shell) is no
    // obstacle: the directory is the kiosk user's.
    const auto file = config_.storage.dir / sync_request_file;
    std::string problem;
    try {
        write_owner_only_file(
            file, "requested by staff at " +
                      std::to_string(std::chrono::duration_cast<seconds>(wall.time_since_epoch()).count()) + "\n");
    } catch (const std::exception& e) {
        problem = e.what();
        std::cerr << "alliance-kiosk: cannot ask for a sync: " << problem << "\n";
    }
    const bool ok = problem.empty();
    message_key_ = ok ? "staff.menu.sync_requested" : "staff.menu.sync_failed";
    audit("staff", "sync-now", ok ? "requested" : "failed", problem, wall);
}

StaffMode::DutyChanges StaffMode::duty_changes_today(WallTime now) const {
    auto saved = state(off_duty_key);
    if (!saved) return {};
    auto j = nlohmann::json::parse(*saved, nullptr, false);
    if (!j.is_object() || j.value("date", "") != local_date(now)) return {};  // a new day (or a damaged value)
    DutyChanges changes;
    for (auto [name, list] : {std::pair{"off", &changes.off}, std::pair{"on", &changes.on}})
        if (j.contains(name) && j[name].is_array())
            for (const auto& id : j[name])
                if (id.is_string()) list->push_back(id.get<std::string>());
    return changes;
}

bool StaffMode::is_on_duty(const Therapist& t, const DutyChanges& changes) const {
    const auto& list = t.on_duty ? changes.off : changes.on;
    const bool listed = std::find(list.begin(), list.end(), t.id) != list.end();
    return t.on_duty != listed;
}

void StaffMode::toggle_duty(const std::string& therapist_id, WallTime wall) {
    const auto& all = config_.kiosk.therapists;
    const auto t = std::find_if(all.begin(), all.end(), [&](const Therapist& x) { return x.id == therapist_id; });
    if (t == all.end()) return;
    auto changes = duty_changes_today(wall);
    const bool now_on = !is_on_duty(*t, changes);
    // The change is kept in the list that differs from the therapist's configured default.
    auto& list = t->on_duty ? changes.off : changes.on;
    const auto it = std::find(list.begin(), list.end(), therapist_id);
    if (it != list.end()) {
        list.erase(it);
    } else {
        list.push_back(therapist_id);
    }
    save_state(off_duty_key,
               nlohmann::json{{"date", local_date(wall)}, {"off", changes.off}, {"on", changes.on}}.dump());
    audit("staff", "on-duty", now_on ? "on" : "off", "therapist=" + therapist_id, wall);
}

std::vector<Therapist> StaffMode::therapists_on_duty() const {
    return therapists_on_duty(std::chrono::system_clock::now());
}

std::vector<Therapist> StaffMode::therapists_on_duty(WallTime now) const {
    const auto changes = duty_changes_today(now);
    std::vector<Therapist> on;
    for (const auto& t : config_.kiosk.therapists)
        if (is_on_duty(t, changes)) on.push_back(t);
    return on;
}

void StaffMode::set_default_language(const std::string& code, WallTime wall) {
    const auto& langs = config_.kiosk.languages;
    if (std::find(langs.begin(), langs.end(), code) == langs.end()) return;
    save_state(default_language_key, code);
    audit("staff", "default-language", "ok", "language=" + code, wall);
    page_ = Page::menu;
    message_key_ = "staff.menu.language_set";
}

std::string StaffMode::default_language() const {
    const auto& langs = config_.kiosk.languages;
    auto saved = state(default_language_key);
    if (saved && std::find(langs.begin(), langs.end(), *saved) != langs.end()) return *saved;
    return config_.kiosk.default_language;
}

// --- store access: staff mode keeps working when the store does not ----------------------------

void StaffMode::audit(const std::string& actor, const std::string& action, const std::string& outcome,
                      const std::string& detail, WallTime wall) {
    if (store_) {
        try {
            store_->audit(actor, action, outcome, detail, wall);
            return;
        } catch (const std::exception& e) {
            std::cerr << "alliance-kiosk: audit not stored: " << e.what() << "\n";
        }
    }
    // Without a store the log is the only record.
    std::cerr << "alliance-kiosk: audit " << actor << " " << action << " " << outcome
              << (detail.empty() ? "" : " (" + detail + ")") << "\n";
}

std::optional<std::string> StaffMode::state(const std::string& key) const {
    if (!store_) return std::nullopt;
    try {
        return store_->get_state(key);
    } catch (const std::exception& e) {
        std::cerr << "alliance-kiosk: cannot read state " << key << ": " << e.what() << "\n";
        return std::nullopt;
    }
}

void StaffMode::save_state(const std::string& key, const std::string& value) {
    if (!store_) return;  // kept in memory only, until the kiosk restarts
    try {
        store_->set_state(key, value);
    } catch (const std::exception& e) {
        std::cerr << "alliance-kiosk: cannot save state " << key << ": " << e.what() << "\n";
    }
}

}  // namespace alliance
