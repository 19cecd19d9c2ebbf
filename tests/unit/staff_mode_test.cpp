// Front-desk staff mode against the real SQLite store (staff_fixture.h): the PIN pad and its
// lockout across a restart, their audit rows, the timeout, and refusing without a PIN. The menu's
// actions: staff_menu_test.cpp.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "staff_fixture.h"

using namespace alliance;
using namespace alliance::test;
using std::chrono::seconds;
namespace fs = std::filesystem;

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
