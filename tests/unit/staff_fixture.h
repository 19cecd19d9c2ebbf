#pragma once
// Shared by the staff mode tests (staff_mode_test.cpp, staff_menu_test.cpp): a kiosk's worth of
// staff-mode surroundings against the real SQLite store, and the log captured.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "../store/store_fixture.h"
#include "core/base/clock.h"
#include "core/staff/staff_mode.h"
#include "staff_tap.h"

namespace alliance::test {

using std::chrono::seconds;
namespace fs = std::filesystem;

inline const std::string right_pin = "2468";
inline const std::string wrong_pin = "97531";

// A kiosk's worth of staff-mode surroundings: config, PIN file, store, strings, clock.
struct StaffFixture {
    TempDir tmp;
    Config config;
    std::unique_ptr<Store> store;
    Strings strings = Strings::load(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings");
    ManualClock clock{at(0)};

    StaffFixture() {
        use_fast_pin_hashing_for_tests(true);
        config.kiosk.id = "front-desk-1";
        config.kiosk.therapists = {{"ana", "Ana Ruiz"}, {"ben", "Ben Okafor"}, {"cy", "Cy Lee"}};
        config.storage.dir = tmp.path() / "data";
        config.staff.pin_hash_file = tmp.path() / "staff.pin";
        write_pin_hash_file(config.staff.pin_hash_file, hash_pin(right_pin));
        store = Store::open(config.storage.dir);
    }
    ~StaffFixture() { use_fast_pin_hashing_for_tests(false); }

    // A fresh StaffMode on the same store: what a restart of the kiosk gives.
    std::unique_ptr<StaffMode> start() { return std::make_unique<StaffMode>(config, store.get(), strings); }

    StaffAction tap(StaffMode& staff, const std::string& id) {
        return tap_staff_widget(staff, id, clock.steady_now(), clock.wall_now());
    }
    StaffAction enter(StaffMode& staff, const std::string& pin) {
        for (char c : pin) tap(staff, std::string("key:") + c);
        return tap(staff, "key:ok");
    }
    void open(StaffMode& staff) { staff.open(clock.steady_now(), clock.wall_now()); }
    // Staff mode opened with the right PIN: on the menu.
    std::unique_ptr<StaffMode> unlocked() {
        auto staff = start();
        open(*staff);
        enter(*staff, right_pin);
        REQUIRE(staff->view("en").screen == Screen::staff_menu);
        return staff;
    }
    void advance(seconds s, StaffMode& staff) {
        clock.advance(s);
        staff.tick(clock.steady_now(), clock.wall_now());
    }

    // "actor|action|outcome|detail" a row, oldest first.
    std::string audit_rows() {
        return query_text(config.storage.dir / "alliance.db",
                          "SELECT group_concat(row, char(10)) FROM (SELECT actor || '|' || action || '|' || outcome"
                          " || '|' || detail AS row FROM audit ORDER BY id)");
    }
    std::string audit_everything() {
        return query_text(config.storage.dir / "alliance.db",
                          "SELECT group_concat(row, char(10)) FROM (SELECT id || '|' || at_ms || '|' || actor || '|'"
                          " || action || '|' || outcome || '|' || detail AS row FROM audit ORDER BY id)");
    }
};

inline const Widget* find(const View& v, const std::string& id) {
    for (const auto& w : v.widgets)
        if (w.id == id) return &w;
    return nullptr;
}

// Captures what staff mode writes to the log (stderr) while alive.
struct CapturedLog {
    std::ostringstream text;
    std::streambuf* old = std::cerr.rdbuf(text.rdbuf());
    ~CapturedLog() { std::cerr.rdbuf(old); }
};

}  // namespace alliance::test
