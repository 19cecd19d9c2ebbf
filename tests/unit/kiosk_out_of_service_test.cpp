// KioskApp out of service (kiosk_fixture.h: the shipped content, a real SQLite store in a
// temporary directory, a clock moved by hand): bad content or strings, an unusable store, a full
// disk, a failure the UI reports; and a session a crash left open. The patient's way through:
// kiosk_app_test.cpp.
#include <doctest/doctest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/app/kiosk_app.h"
#include "core/store/sqlite_db.h"
#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("bad content puts the kiosk out of service with E-CONTENT; only the staff corner works") {
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    Kiosk k([](Config& c, const fs::path& tmp) {
        fs::create_directories(tmp / "content" / "questionnaires");
        fs::copy(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings", tmp / "content" / "strings");
        std::ofstream(tmp / "content" / "questionnaires" / "alliance-check.json") << R"({"resourceType": "Patient"})";
        c.kiosk.content_dir = tmp / "content";
    });
    std::cerr.rdbuf(old);
    CHECK(k.screen() == "out-of-service");
    CHECK(k.view().error_code == "E-CONTENT");
    CHECK(k.view().body.find("E-CONTENT") != std::string::npos);
    CHECK(log.str().find("alliance-check.json") != std::string::npos);
    REQUIRE(k.view().widgets.size() == 1);
    CHECK(k.view().widgets[0].id == "staff");
    k.tap("start");
    CHECK(k.screen() == "out-of-service");
    CHECK(k.app->next_deadline() == std::nullopt);
    k.hold_staff_corner(3s);
    CHECK(k.screen() == "staff-pin");
}

TEST_CASE("without readable strings the out-of-service screen falls back to plain English") {
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    Kiosk k([](Config& c, const fs::path& tmp) {
        fs::create_directories(tmp / "content" / "questionnaires");
        fs::create_directories(tmp / "content" / "strings");
        fs::copy(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "questionnaires" / "alliance-check.json",
                 tmp / "content" / "questionnaires" / "alliance-check.json");
        c.kiosk.content_dir = tmp / "content";
    });
    std::cerr.rdbuf(old);
    CHECK(k.view().error_code == "E-CONTENT");
    CHECK(k.view().heading == "Sorry, this kiosk is not working right now");
    CHECK(k.view().body.find("Please see the front desk") != std::string::npos);
    CHECK(k.view().body.find("E-CONTENT") != std::string::npos);
}

TEST_CASE("an unusable store puts the kiosk out of service with the store's error code") {
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    Kiosk k([](Config& c, const fs::path& tmp) {
        std::ofstream(tmp / "not-a-dir") << "x";
        c.storage.dir = tmp / "not-a-dir";
    });
    std::cerr.rdbuf(old);
    CHECK(k.screen() == "out-of-service");
    CHECK(k.view().error_code.rfind("E-STORE", 0) == 0);
    CHECK(k.app->out_of_service());
}

TEST_CASE("a full disk while recording an answer shows out of service, and the answer is not logged") {
    Kiosk k;
    k.to_first_question();
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    {
        sqlite::ScopedFault full([](sqlite::Call call, std::string_view sql) {
            return call == sqlite::Call::step && sql.find("INTO answers") != std::string_view::npos ? SQLITE_FULL
                                                                                                    : SQLITE_OK;
        });
        k.tap("answer:main-goal:daily-tasks");
    }
    std::cerr.rdbuf(old);
    CHECK(k.screen() == "out-of-service");
    CHECK(k.view().error_code == "E-STORE-FULL");
    CHECK(log.str().find("E-STORE-FULL") != std::string::npos);
    CHECK(log.str().find("daily-tasks") == std::string::npos);
    CHECK(k.sql("SELECT status FROM sessions") == "stopped");
}

TEST_CASE("a session left open by a crash is closed when the kiosk starts") {
    TempDir data;
    {
        auto store = Store::open(data.path());
        store->start_session(sample_start(), at(0));
    }
    Kiosk k([&](Config& c, const fs::path&) { c.storage.dir = data.path(); });
    CHECK(k.screen() == "welcome");
    CHECK(query_text(data.db(), "SELECT status FROM sessions") == "stopped");
}

TEST_CASE(
    "a failure reported by the UI shows out of service with E-INTERNAL, from staff mode too, and the session is "
    "closed") {
    Kiosk k;
    k.to_first_question();
    k.choose("answer:main-goal:move-better");
    k.open_staff_menu();
    REQUIRE(k.screen() != "out-of-service");
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    k.app->fail("E-INTERNAL", "drawing failed", k.now());
    std::cerr.rdbuf(old);
    CHECK(k.screen() == "out-of-service");
    CHECK(k.view().error_code == "E-INTERNAL");
    CHECK(log.str().find("drawing failed") != std::string::npos);
    CHECK(k.sql("SELECT status FROM sessions") == "stopped");  // closed as partial = keep says
    // Only the staff corner is left, and holding it still opens the PIN pad.
    std::vector<std::string> ids;
    for (const auto& w : k.view().widgets) ids.push_back(w.id);
    CHECK(ids == std::vector<std::string>{"staff"});
    k.hold_staff_corner(3s);
    CHECK(k.screen() == "staff-pin");
}
