// What the front desk sees (issue 17): the staff corner's progress while held, the status
// screen's first line, who is on duty by default, the Exit screen's wording and "Sync now" with
// sync off. Driven through KioskApp as the UI drives it, on the shipped strings.
#include <doctest/doctest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/staff/staff_status.h"
#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

Strings shipped_strings() { return Strings::load(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings"); }

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// A status that is all good: the store read, sync on, plenty of disk.
StaffStatus healthy_status() {
    StaffStatus s;
    s.queue = QueueCounts{};
    s.free_disk_bytes = 20'000'000'000;
    return s;
}

}  // namespace

TEST_CASE("holding the staff corner shows how long to keep holding after a second, in the tree's widget") {
    Kiosk k;
    k.app->press("staff", k.now());
    k.wait(900ms);
    CHECK_FALSE(k.widget("staff")->selected);
    CHECK(k.widget("staff")->label.empty());
    k.clock.advance(100ms);  // one second held: the deadline is due, and stays due until its tick
    CHECK(*k.app->next_deadline() <= k.now());
    k.app->tick(k.now());
    CHECK(k.widget("staff")->selected);
    CHECK(k.widget("staff")->label == "Keep holding: staff menu in 2 s");
    CHECK(*k.app->next_deadline() - k.now() == 1s);  // wakes again to count down
    k.wait(1s);
    CHECK(k.widget("staff")->label == "Keep holding: staff menu in 1 s");
    k.wait(1s);
    CHECK(k.screen() == "staff-pin");
    k.app->release("staff", k.now());
}

TEST_CASE("the hold's progress is in the patient's language and goes away when released early") {
    Kiosk k;
    k.tap("language:es");
    k.app->press("staff", k.now());
    k.wait(1500ms);
    CHECK(k.widget("staff")->label == "Siga tocando: menú del personal en 2 s");
    k.app->release("staff", k.now());
    CHECK_FALSE(k.widget("staff")->selected);
    CHECK(k.widget("staff")->label.empty());
    CHECK(k.screen() == "welcome");
}

TEST_CASE("the status screen's first line says All good when nothing needs IT, in both languages") {
    const Strings s = shipped_strings();
    const WallTime now = at(100000);
    StaffStatus status = healthy_status();
    status.queue->pending = 2;  // waiting is normal
    CHECK(status_headline(status, s, "en", now) == "All good");
    CHECK(status_headline(status, s, "es", now) == "Todo bien");
    status.sync_off = true;  // answers kept here by choice: not a problem for the front desk
    status.queue->rejected = 1;
    CHECK(status_headline(status, s, "en", now) == "All good");
}

TEST_CASE("the status screen's first line says Tell IT with the one reason that matters most") {
    const Strings s = shipped_strings();
    const WallTime now = at(100000);
    StaffStatus status = healthy_status();
    status.queue->failed = 1;
    status.queue->last_sent_at = now - std::chrono::minutes(10);
    CHECK(status_headline(status, s, "en", now) == "All good");  // one retry after a recent success
    status.queue->last_sent_at = now - std::chrono::minutes(61);
    CHECK(status_headline(status, s, "en", now) == "Tell IT: answers are not uploading (see Last error)");
    status.free_disk_bytes = 100'000'000;
    CHECK(status_headline(status, s, "en", now) == "Tell IT: the disk is almost full");
    status.queue->held = 2;
    CHECK(status_headline(status, s, "en", now) == "Tell IT: 2 answer(s) stopped uploading after many failures");
    status.queue->rejected = 3;
    CHECK(status_headline(status, s, "en", now) == "Tell IT: the server refused 3 answer(s)");
    CHECK(status_headline(status, s, "es", now) == "Avise a soporte técnico: el servidor rechazó 3 respuesta(s)");
    status.queue.reset();
    CHECK(status_headline(status, s, "en", now) == "Tell IT: the kiosk cannot read its saved answers");
    status.out_of_service_code = "E-STORE-FULL";
    CHECK(status_headline(status, s, "en", now) == "Tell IT: the kiosk is out of service (code E-STORE-FULL)");
}

TEST_CASE("the status screen opens with All good on a working kiosk") {
    Kiosk k([](Config& c, const fs::path&) { c.sync.kind = "fhir"; });
    k.open_staff_menu();
    k.tap("staff:status");
    CHECK(first_line(k.view().body) == "All good");
}

TEST_CASE("on an out-of-service kiosk the status screen says to tell IT and names the code") {
    Kiosk k;
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    k.app->fail("E-STORE-IO", "disk error", k.now());
    std::cerr.rdbuf(old);
    k.open_staff_menu();
    k.tap("staff:status");
    CHECK(first_line(k.view().body) == "Tell IT: the kiosk is out of service (code E-STORE-IO)");
}

TEST_CASE("therapists are on duty unless the config says on_duty = false; staff can still put them on") {
    fs::path config_file;
    Kiosk k([&](Config& c, const fs::path& dir) {
        config_file = dir / "kiosk.toml";
        std::ofstream(config_file) << "[kiosk]\n"
                                      "[[kiosk.therapists]]\nid = \"alex\"\nname = \"Alex Rivera\"\n"
                                      "[[kiosk.therapists]]\nid = \"sam\"\nname = \"Sam Weekend\"\non_duty = false\n";
        c.kiosk.therapists = load_config(config_file).kiosk.therapists;
    });
    k.tap("start");
    CHECK(k.has("therapist:alex"));
    CHECK_FALSE(k.has("therapist:sam"));
    k.open_staff_menu();
    k.tap("staff:therapists");
    CHECK(k.widget("duty:alex")->selected);
    CHECK_FALSE(k.widget("duty:sam")->selected);
    CHECK(k.widget("duty:sam")->label == "Sam Weekend: off duty");
    k.tap("duty:sam");
    CHECK(k.widget("duty:sam")->selected);
    k.tap("staff:close");
    k.restart();  // kept for the day
    k.tap("start");
    CHECK(k.has("therapist:sam"));
    CHECK(k.sql("SELECT outcome || ' ' || detail FROM audit WHERE action = 'on-duty'") == "on therapist=sam");
    k.clock.advance(24h);  // the next day: back to the config's default
    k.restart();
    k.tap("start");
    CHECK_FALSE(k.has("therapist:sam"));
}

TEST_CASE("the Exit screen says the kiosk starts again by itself, as the service's Restart=always does") {
    Kiosk k;
    k.open_staff_menu();
    k.tap("staff:exit");
    CHECK(k.view().item == "exit");
    CHECK(k.view().body.find("starts again by itself in a few seconds") != std::string::npos);
    std::ifstream unit(fs::path(ALLIANCE_SOURCE_DIR) / "packaging" / "systemd" / "alliance-kiosk.service");
    const std::string text((std::istreambuf_iterator<char>(unit)), {});
    CHECK(text.find("\nRestart=always\n") != std::string::npos);
    CHECK(text.find("\nRestartSec=2\n") != std::string::npos);
}

TEST_CASE("Sync now says sync is off when it is, and writes no request nobody would read") {
    Kiosk k;  // the default config: [sync] kind = "off"
    k.open_staff_menu();
    k.tap("staff:sync-now");
    CHECK(k.view().body == "Sync is off on this kiosk, so nothing is sent. Answers stay here. IT can turn it on.");
    CHECK_FALSE(fs::exists(k.config.storage.dir / "sync.request"));
    k.tap("staff:status");
    k.tap("staff:sync-now");
    CHECK(first_line(k.view().body) ==
          "Sync is off on this kiosk, so nothing is sent. Answers stay here. IT can turn it on.");
    CHECK(k.sql("SELECT count(*) FROM audit WHERE action = 'sync-now' AND outcome = 'sync-off'") == "2");
}
