// Front-desk staff mode's menu against the real SQLite store (staff_fixture.h): each action and
// its audit row, the status screen, therapists on duty, the default language, exit, and staff mode
// with the store unusable.
#include <doctest/doctest.h>

#include "staff_fixture.h"

using namespace alliance;
using namespace alliance::test;
namespace fs = std::filesystem;

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
