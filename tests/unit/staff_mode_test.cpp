// Front-desk staff mode against the real SQLite store: the PIN pad and its lockout across a
// restart, the menu's actions and their audit rows, the timeout, and refusing without a PIN.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "../store/store_fixture.h"
#include "core/base/clock.h"
#include "core/staff/staff_mode.h"
#include "staff_tap.h"

using namespace alliance;
using namespace alliance::test;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {

const std::string right_pin = "2468";
const std::string wrong_pin = "97531";

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

const Widget* find(const View& v, const std::string& id) {
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

}  // namespace

TEST_CASE("the right PIN opens the staff menu and both steps are audited") {
    StaffFixture f;
    auto staff = f.start();
    CHECK_FALSE(staff->is_open());
    f.open(*staff);
    View pad = staff->view("en");
    CHECK(pad.screen == Screen::staff_pin);
    CHECK(pad.layout == Layout::keypad);
    CHECK(pad.heading == "Enter staff PIN");
    for (const char* id : {"key:0", "key:1", "key:9", "key:back", "key:ok", "staff:close"}) CHECK(find(pad, id));
    f.tap(*staff, "key:2");
    f.tap(*staff, "key:4");
    CHECK(staff->view("en").input_text == "\u25CF\u25CF");  // dots, never the digits
    CHECK(f.tap(*staff, "key:back") == StaffAction::none);
    CHECK(staff->view("en").input_text.empty());
    CHECK(f.enter(*staff, right_pin) == StaffAction::none);
    View menu = staff->view("en");
    CHECK(menu.screen == Screen::staff_menu);
    CHECK(menu.item == "menu");
    for (const char* id : {"staff:reset", "staff:status", "staff:sync-now", "staff:therapists", "staff:language",
                           "staff:exit", "staff:close"})
        CHECK(find(menu, id));
    CHECK(f.audit_rows() == "staff|open|ok|\nstaff|pin-check|ok|");
}

TEST_CASE("menu actions do nothing from the PIN pad: only the right PIN leads to them") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    for (const char* id : {"staff:reset", "staff:exit", "staff:exit-confirm", "staff:sync-now", "staff:status",
                           "duty:ben", "default-language:es", "staff:back"}) {
        CHECK(f.tap(*staff, id) == StaffAction::none);
        CHECK(staff->view("en").screen == Screen::staff_pin);
    }
    CHECK_FALSE(fs::exists(f.config.storage.dir / "sync.request"));
    CHECK(f.audit_rows() == "staff|open|ok|");
}

TEST_CASE("a PIN shorter than 4 digits is not checked and not counted") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    f.enter(*staff, "246");
    CHECK(staff->view("en").body == "A PIN has 4 to 8 digits.");
    CHECK(f.audit_rows() == "staff|open|ok|");
}

TEST_CASE("five wrong PINs lock the pad, the lock survives a restart, and the right PIN works after it") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    CHECK(staff->view("en").body == "Type the 4 to 8 digit staff PIN, then Enter.");
    for (int i = 1; i <= 3; ++i) {
        f.enter(*staff, wrong_pin);
        CHECK(staff->view("en").body == "Wrong PIN. " + std::to_string(5 - i) + " more tries before the pad locks.");
    }
    f.enter(*staff, wrong_pin);
    CHECK(staff->view("en").body == "Wrong PIN. One more try before the pad locks.");
    f.enter(*staff, wrong_pin);
    View locked = staff->view("en");
    CHECK(locked.body == "Too many wrong PINs. Try again in 1:00.");
    CHECK_FALSE(find(locked, "key:5")->enabled);
    CHECK_FALSE(find(locked, "key:ok")->enabled);
    CHECK(f.enter(*staff, right_pin) == StaffAction::none);  // ignored while locked
    CHECK(staff->view("en").screen == Screen::staff_pin);

    f.clock.advance(seconds(20));
    staff.reset();  // the kiosk restarts...
    staff = f.start();
    f.open(*staff);
    CHECK(staff->view("en").body == "Too many wrong PINs. Try again in 0:40.");
    f.enter(*staff, right_pin);
    CHECK(staff->view("en").screen == Screen::staff_pin);

    f.advance(seconds(40), *staff);
    CHECK(staff->view("en").body == "Type the 4 to 8 digit staff PIN, then Enter.");
    CHECK(find(staff->view("en"), "key:5")->enabled);
    f.enter(*staff, right_pin);
    CHECK(staff->view("en").screen == Screen::staff_menu);
    CHECK(f.audit_rows() ==
          "staff|open|ok|\n"
          "staff|pin-check|wrong|1 wrong in a row\n"
          "staff|pin-check|wrong|2 wrong in a row\n"
          "staff|pin-check|wrong|3 wrong in a row\n"
          "staff|pin-check|wrong|4 wrong in a row\n"
          "staff|pin-check|wrong|5 wrong in a row\n"
          "staff|lockout|locked|for 60 s\n"
          "staff|open|locked|\n"
          "staff|pin-check|ok|");
}

TEST_CASE("each further wrong PIN after a lock doubles it, up to 15 minutes, across restarts") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    for (int i = 0; i < 5; ++i) f.enter(*staff, wrong_pin);
    for (const char* expected : {"2:00", "4:00", "8:00", "15:00", "15:00"}) {
        f.clock.advance(seconds(15 * 60));
        staff = f.start();  // a restart between each try
        f.open(*staff);
        f.enter(*staff, wrong_pin);
        CHECK(staff->view("en").body == std::string("Too many wrong PINs. Try again in ") + expected + ".");
    }
    f.clock.advance(seconds(15 * 60));
    f.enter(*staff, right_pin);
    CHECK(staff->view("en").screen == Screen::staff_menu);
    // ...and the count starts again from zero.
    CHECK(f.store->get_state(StaffMode::staff_lock_key) == "0;0");
}

TEST_CASE("the PIN's digits never appear in any audit column") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    for (int i = 0; i < 5; ++i) f.enter(*staff, wrong_pin);
    f.clock.advance(seconds(60));
    f.enter(*staff, right_pin);
    f.tap(*staff, "staff:status");
    f.tap(*staff, "staff:close");
    const std::string all = f.audit_everything();
    CHECK(all.find("pin-check|ok") != std::string::npos);
    CHECK(all.find(wrong_pin) == std::string::npos);
    CHECK(all.find(right_pin) == std::string::npos);
}

TEST_CASE("without a PIN set, the pad says staff access isn't set up and nobody gets in") {
    StaffFixture f;
    fs::remove(f.config.staff.pin_hash_file);
    auto staff = f.start();
    CapturedLog log;
    f.open(*staff);
    View pad = staff->view("en");
    CHECK(pad.body == "No staff PIN is set. Ask IT to set one.");
    CHECK_FALSE(find(pad, "key:1")->enabled);
    CHECK(find(pad, "staff:close")->enabled);
    f.enter(*staff, right_pin);
    CHECK(staff->view("en").screen == Screen::staff_pin);
    CHECK(log.text.str().find("staff access is not set up: " + f.config.staff.pin_hash_file.string() +
                              ": No such file or directory. Set a PIN with: alliance-kiosk --set-pin --config FILE") !=
          std::string::npos);
    CHECK(f.audit_rows() == "staff|open|not-set-up|");
}

TEST_CASE("a PIN file that others can write is refused like a missing one") {
    StaffFixture f;
    ::chmod(f.config.staff.pin_hash_file.c_str(), 0666);
    auto staff = f.start();
    CapturedLog log;
    f.open(*staff);
    f.enter(*staff, right_pin);
    CHECK(staff->view("en").screen == Screen::staff_pin);
    CHECK(log.text.str().find("writable by group or others") != std::string::npos);
}

TEST_CASE("staff mode closes itself after 60 s without a touch") {
    StaffFixture f;
    auto staff = f.unlocked();
    CHECK(staff->next_deadline() == f.clock.steady_now() + seconds(60));
    f.advance(seconds(40), *staff);
    staff->touched(f.clock.steady_now());
    f.advance(seconds(59), *staff);
    CHECK(staff->is_open());
    f.advance(seconds(1), *staff);
    CHECK_FALSE(staff->is_open());
    CHECK_FALSE(staff->next_deadline());
    CHECK(f.audit_rows() == "staff|open|ok|\nstaff|pin-check|ok|\nstaff|close|timeout|");
}

TEST_CASE("while locked the pad wakes each second so the countdown moves") {
    StaffFixture f;
    auto staff = f.start();
    f.open(*staff);
    for (int i = 0; i < 5; ++i) f.enter(*staff, wrong_pin);
    CHECK(staff->next_deadline() == f.clock.steady_now() + seconds(1));
    auto before = staff->revision();
    f.advance(seconds(1), *staff);
    CHECK(staff->revision() > before);
    CHECK(staff->view("en").body == "Too many wrong PINs. Try again in 0:59.");
}

TEST_CASE("reset now asks the kiosk to end the patient's session, as configured, and is audited") {
    StaffFixture f;
    f.config.kiosk.partial = PartialPolicy::discard;
    auto staff = f.unlocked();
    CHECK(f.tap(*staff, "staff:reset") == StaffAction::reset_session);
    CHECK_FALSE(staff->is_open());
    CHECK(f.audit_rows() == "staff|open|ok|\nstaff|pin-check|ok|\nstaff|reset-session|ok|partial=discard");
}

TEST_CASE("sync now writes the request file the sync daemon watches, and is audited") {
    StaffFixture f;
    f.config.sync.kind = "fhir";
    auto staff = f.unlocked();
    CHECK(f.tap(*staff, "staff:sync-now") == StaffAction::sync_now);
    CHECK(fs::exists(f.config.storage.dir / "sync.request"));
    CHECK(staff->view("en").body == "Sync started");
    CHECK(f.audit_rows().find("staff|sync-now|requested|") != std::string::npos);
}

TEST_CASE("status shows the queue, free disk, versions and kiosk id") {
    StaffFixture f;
    f.config.sync.kind = "fhir";
    const auto id = f.store->start_session(sample_start(), at(0));
    f.store->complete_session(completed(id, 2), at(0));
    auto staff = f.start();
    staff->set_content_version("alliance-check 1.0.0");
    f.open(*staff);
    f.enter(*staff, right_pin);
    f.tap(*staff, "staff:status");
    View v = staff->view("en");
    CHECK(v.item == "status");
    CHECK(v.body.find("All good\nAnswers waiting to upload: 1\nOf those, failed once and retrying: 0\n"
                      "Refused by the server (tell IT): 0\nHeld after failures (tell IT): 0\n"
                      "Last sync: Never\nLast error: None\nFree disk: ") == 0);
    CHECK(v.body.find("App version: ") != std::string::npos);
    CHECK(v.body.find("Questionnaire: alliance-check 1.0.0\nKiosk ID: front-desk-1") != std::string::npos);
    CHECK(find(v, "staff:back"));
    CHECK(staff->view("es").body.find("Todo bien\nRespuestas por enviar: 1") == 0);
    CHECK(f.audit_rows().find("staff|status|viewed|") != std::string::npos);
}

TEST_CASE("the status screen counts held responses and shows the server's error without control characters") {
    StaffFixture f;
    f.config.sync.kind = "fhir";
    const auto id = f.store->start_session(sample_start(), at(0));
    f.store->complete_session(completed(id, 2), at(0));
    f.store->claim_batch(1, at(1));
    CHECK(f.store->mark_failed_own(id, "HTTP 500: \x1b[2Jboom\r\nforged line", at(2), 1, at(1)));
    auto staff = f.start();
    f.open(*staff);
    f.enter(*staff, right_pin);
    f.tap(*staff, "staff:status");
    const View v = staff->view("en");
    CHECK(v.body.find("Held after failures (tell IT): 1\n") != std::string::npos);
    CHECK(v.body.find("Last error: HTTP 500:  [2Jboom  forged line\n") != std::string::npos);
    CHECK(v.body.find('\x1b') == std::string::npos);
}

TEST_CASE("therapists on duty are kept for the day, across a restart, and everyone is back the next day") {
    StaffFixture f;
    auto staff = f.start();
    CHECK(staff->therapists_on_duty(f.clock.wall_now()).size() == 3);
    f.open(*staff);
    f.enter(*staff, right_pin);
    f.tap(*staff, "staff:therapists");
    CHECK(find(staff->view("en"), "duty:ben")->selected);
    CHECK(find(staff->view("en"), "duty:ben")->label == "Ben Okafor: on duty");
    f.tap(*staff, "duty:ben");
    CHECK_FALSE(find(staff->view("en"), "duty:ben")->selected);
    CHECK(find(staff->view("en"), "duty:ben")->label == "Ben Okafor: off duty");
    staff = f.start();
    auto on = staff->therapists_on_duty(f.clock.wall_now());
    REQUIRE(on.size() == 2);
    CHECK(on[0].id == "ana");
    CHECK(on[1].id == "cy");
    f.clock.advance(std::chrono::hours(24));
    CHECK(staff->therapists_on_duty(f.clock.wall_now()).size() == 3);
    CHECK(f.audit_rows().find("staff|on-duty|off|therapist=ben") != std::string::npos);
}

TEST_CASE("the default language staff choose is kept across a restart") {
    StaffFixture f;
    auto staff = f.start();
    CHECK(staff->default_language() == "en");
    f.open(*staff);
    f.enter(*staff, right_pin);
    f.tap(*staff, "staff:language");
    CHECK(find(staff->view("en"), "default-language:en")->selected);
    f.tap(*staff, "default-language:es");
    CHECK(staff->view("en").body == "New patients now start in Español.");
    CHECK(find(staff->view("en"), "staff:language")->label == "Default language: Español");
    CHECK(f.start()->default_language() == "es");
    CHECK(f.audit_rows().find("staff|default-language|ok|language=es") != std::string::npos);
}

TEST_CASE("exit asks for confirmation when no IT PIN is configured") {
    StaffFixture f;
    auto staff = f.unlocked();
    CHECK(f.tap(*staff, "staff:exit") == StaffAction::none);
    CHECK(staff->view("en").item == "exit");
    CHECK(f.tap(*staff, "staff:exit-confirm") == StaffAction::exit_app);
    CHECK(f.audit_rows().find("staff|exit|ok|") != std::string::npos);
}

TEST_CASE("exit needs the IT PIN when one is configured, with its own lockout") {
    StaffFixture f;
    f.config.staff.it_pin_hash_file = f.tmp.path() / "it.pin";
    write_pin_hash_file(f.config.staff.it_pin_hash_file, hash_pin("86420"));
    auto staff = f.unlocked();
    f.tap(*staff, "staff:exit");
    View it = staff->view("en");
    CHECK(it.screen == Screen::staff_pin);
    CHECK(it.item == "it-pin");
    CHECK(it.heading == "Enter IT PIN to exit");
    CHECK(f.enter(*staff, right_pin) == StaffAction::none);  // the staff PIN is not the IT PIN
    CHECK(f.enter(*staff, "86420") == StaffAction::exit_app);
    CHECK(f.audit_rows().find("it|pin-check|wrong|1 wrong in a row\nit|exit|ok|") != std::string::npos);
    CHECK(f.store->get_state(StaffMode::staff_lock_key) == "0;0");
}

TEST_CASE("with the store unusable, staff can still get in and the audit goes to the log") {
    StaffFixture f;
    StaffMode staff(f.config, nullptr, f.strings);
    CapturedLog log;
    f.open(staff);
    f.enter(staff, right_pin);
    CHECK(staff.view("en").screen == Screen::staff_menu);
    CHECK(log.text.str().find("audit staff pin-check ok") != std::string::npos);
    CHECK(staff.therapists_on_duty(f.clock.wall_now()).size() == 3);
}
