// [fleet] on the kiosk's side: content alliance-sync pulled into <data dir>/fleet is taken at the
// welcome screen only, checked with the kiosk's own loader, and its problems show on the staff
// status screen. KioskApp is driven as the UI drives it, on the shipped content.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../store/store_fixture.h"
#include "core/app/kiosk_app.h"
#include "core/base/owner_only_file.h"
#include "core/content/fleet_content.h"
#include "core/content/kiosk_health.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/staff/staff_status.h"

using namespace alliance;
using namespace alliance::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path shipped = fs::path(ALLIANCE_SOURCE_DIR) / "content" / "questionnaires" / "alliance-check.json";

json shipped_questionnaire() {
    std::ifstream in(shipped);
    return json::parse(in);
}

// The item with `link_id`, anywhere in the tree.
json* find(json& items, const std::string& link_id) {
    for (json& item : items) {
        if (item.value("linkId", "") == link_id) return &item;
        if (item.contains("item"))
            if (json* inner = find(item["item"], link_id)) return inner;
    }
    return nullptr;
}

struct FleetKiosk {
    TempDir tmp;
    ManualClock clock{at(0)};
    Config config;
    std::unique_ptr<KioskApp> app;

    FleetKiosk() {
        config.kiosk.content_dir = fs::path(ALLIANCE_SOURCE_DIR) / "content";
        config.kiosk.therapists = {{"alex", "Alex Rivera"}, {"maria", "María López"}};
        config.storage.dir = tmp.path() / "data";
        config.staff.pin_hash_file = tmp.path() / "staff.pin";
        config.sync.kind = "fhir";
        config.sync.url = "https://fhir.example.org/r4";
        config.fleet.enabled = true;
        config.fleet.questionnaire_url = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check";
        config.fleet.organization = "clinic-north";
        fs::create_directories(fleet::fleet_dir(config));
        app = make_kiosk_app(config, clock);
    }
    const View& view() const { return app->view(); }
    void tap(const std::string& id) {
        clock.advance(200ms);
        app->touched(clock.steady_now());
        app->tap(id, clock.steady_now());
    }
    void wait(std::chrono::milliseconds d) {
        clock.advance(d);
        app->tick(clock.steady_now());
    }
    bool has(const std::string& id) const {
        for (const auto& w : view().widgets)
            if (w.id == id) return true;
        return false;
    }
    // What alliance-sync would write: the shipped questionnaire with the first question reworded.
    void pull_questionnaire(const std::string& link_id, const std::string& wording, bool drop_spanish = false) {
        json q = shipped_questionnaire();
        q["version"] = "9.0.0";
        json* item = find(q["item"], link_id);
        REQUIRE(item != nullptr);
        (*item)["text"] = wording;
        if (drop_spanish) item->erase("_text");
        write_owner_only_file(fleet::questionnaire_file(config), q.dump(2));
    }
};

}  // namespace

TEST_CASE("a questionnaire pulled during a patient's session reaches the next patient, not that one") {
    FleetKiosk k;
    k.tap("start");
    k.tap("therapist:alex");
    REQUIRE(std::string(screen_name(k.view().screen)) == "question");
    const std::string first = k.view().item, old_wording = k.view().heading;
    k.pull_questionnaire(first, "What is the one thing you most want from your visits?");
    for (const auto& w : k.view().widgets)
        if (w.id.rfind("answer:" + first + ":", 0) == 0) {
            k.tap(w.id);
            break;
        }
    k.wait(400ms);
    k.tap("back");
    CHECK(k.view().item == first);
    CHECK(k.view().heading == old_wording);  // the patient in progress keeps what they started with
    k.wait(60s);                             // walks away: still there? then welcome
    k.wait(20s);
    REQUIRE(std::string(screen_name(k.view().screen)) == "welcome");
    k.tap("start");
    k.tap("therapist:alex");
    CHECK(k.view().item == first);
    CHECK(k.view().heading == "What is the one thing you most want from your visits?");
}

TEST_CASE("a pulled questionnaire lacking a Spanish text is refused and the kiosk keeps its own") {
    FleetKiosk k;
    k.tap("start");
    k.tap("therapist:alex");
    const std::string first = k.view().item, old_wording = k.view().heading;
    k.pull_questionnaire(first, "Reworded without a translation", /*drop_spanish=*/true);
    k.wait(60s);  // walks away
    k.wait(20s);
    REQUIRE(std::string(screen_name(k.view().screen)) == "welcome");
    k.tap("start");
    k.tap("therapist:alex");
    CHECK(k.view().heading == old_wording);
}

TEST_CASE("a pulled therapist list replaces the configured one at the next welcome screen") {
    FleetKiosk k;
    write_owner_only_file(fleet::therapists_file(k.config), fleet::therapists_json({{"p-7", "Dana Whitfield"}}));
    k.tap("start");
    CHECK(k.has("therapist:p-7"));
    CHECK_FALSE(k.has("therapist:alex"));
    CHECK_FALSE(k.has("therapist:maria"));
}

TEST_CASE("with [fleet] off, files in the fleet folder are ignored") {
    TempDir tmp;
    Config config;
    config.storage.dir = tmp.path();
    fs::create_directories(fleet::fleet_dir(config));
    write_owner_only_file(fleet::therapists_file(config), fleet::therapists_json({{"p-7", "Dana Whitfield"}}));
    ContentSwitch s(config);
    CHECK_FALSE(s.poll().therapists.has_value());
    config.fleet.enabled = true;
    config.fleet.organization = "c1";
    REQUIRE(s.poll().therapists.has_value());
}

TEST_CASE("check_questionnaire names the language and the first text without a translation") {
    Config config;
    config.kiosk.languages = {"en", "es"};
    json q = shipped_questionnaire();
    json* item = find(q["item"], "bond-trust");
    REQUIRE(item != nullptr);
    item->erase("_text");
    try {
        fleet::check_questionnaire(q.dump(), "Questionnaire/abc (version 2)", config);
        FAIL("accepted");
    } catch (const QuestionnaireError& e) {
        CHECK(std::string(e.what()).find("Questionnaire/abc (version 2): no 'es' translation for 1 text(s)") == 0);
        CHECK(std::string(e.what()).find("bond-trust") != std::string::npos);
    }
    config.kiosk.languages = {"en"};
    CHECK_NOTHROW(fleet::check_questionnaire(q.dump(), "Q", config));
}

TEST_CASE("the staff status screen shows what the last pull kept and why") {
    TempDir tmp;
    Config config;
    config.storage.dir = tmp.path();
    const Strings strings = Strings::load(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings");
    CHECK(format_staff_status(collect_staff_status(config, nullptr, "q 1"), strings, "en", at(0))
              .find("Content from the server") == std::string::npos);  // [fleet] off: no line
    config.fleet.enabled = true;
    fs::create_directories(fleet::fleet_dir(config));
    fleet::PullStatus status;
    status.last_attempt_at = "2026-11-30T10:00:00Z";
    status.questionnaire_version = "1.0.0";
    status.therapists = 2;
    status.problem = "server not reachable: connection refused";
    write_owner_only_file(fleet::status_file(config), fleet::status_json(status));
    const std::string text = format_staff_status(collect_staff_status(config, nullptr, "q 1"), strings, "en", at(0));
    CHECK(text.find("Content from the server: PROBLEM, kept the last good content (questionnaire version 1.0.0, 2 "
                    "therapist(s)): server not reachable: connection refused") != std::string::npos);
}

TEST_CASE("a therapists file without a name is refused naming the file and the entry") {
    CHECK_THROWS_WITH(fleet::parse_therapists(R"({"therapists":[{"id":"a","name":""}]})", "t.json"),
                      "t.json: therapists[0]: expected an id and a name");
    CHECK(fleet::parse_therapists(fleet::therapists_json({{"a", "Ana"}}), "t.json")[0].name == "Ana");
}

TEST_CASE("with [fleet] on the kiosk writes its health: in service with the content shown, then the new version") {
    FleetKiosk k;
    auto health = read_kiosk_health(k.config);
    REQUIRE(health.has_value());
    CHECK(health->in_service);
    CHECK(health->content_version == "alliance-check 1.1.0");
    k.tap("start");
    k.tap("therapist:alex");
    k.pull_questionnaire(k.view().item, "Reworded");
    k.wait(60s);
    k.wait(20s);
    k.tap("language:es");  // a tap on the welcome screen takes the new content
    CHECK(read_kiosk_health(k.config)->content_version == "alliance-check 9.0.0");
}

TEST_CASE("a kiosk out of service writes its error code for the fleet view") {
    TempDir tmp;
    Config config;
    config.kiosk.content_dir = tmp.path() / "no-content-here";
    fs::create_directories(config.kiosk.content_dir / "questionnaires");
    config.storage.dir = tmp.path() / "data";
    config.fleet.enabled = true;
    ManualClock clock{at(0)};
    const auto app = make_kiosk_app(config, clock);
    REQUIRE(app->out_of_service());
    const auto health = read_kiosk_health(config);
    REQUIRE(health.has_value());
    CHECK_FALSE(health->in_service);
    CHECK(health->error_code == "E-CONTENT");
}
