// A finished session is never thrown away: when the completion commit fails, the patient sees
// the out-of-service screen and the session is completed (scores recomputed from the stored
// answers) once the store works again, or at the next start, whatever [kiosk] partial says.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/store/sqlite_db.h"
#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

// Every COMMIT fails with `code` while `on` is set: the completion (and anything else written
// meanwhile) is rolled back, as on a full disk, a failing disk or a lock held too long.
struct FailingCommits {
    std::atomic<bool> on{true};
    sqlite::ScopedFault hook;
    explicit FailingCommits(int code)
        : hook([this, code](sqlite::Call call, std::string_view sql) {
              return on && call == sqlite::Call::exec && sql.rfind("COMMIT", 0) == 0 ? code : SQLITE_OK;
          }) {}
};

// The one queued response, checked to be the completed one with every answer and its scores.
void check_completed_and_queued(Kiosk& k) {
    CHECK(k.sql("SELECT status FROM sessions") == "completed");
    CHECK(k.sql("SELECT count(*) FROM answers") == "0");  // the working copy went with the completion
    const auto queued = k.queued();
    REQUIRE(queued.size() == 1);
    const Response& r = queued[0].response;
    CHECK(r.status == "completed");
    CHECK(r.therapist_id == "maria");
    CHECK(r.answers.size() == 10);
    CHECK(r.scores.count("goal") == 1);
    CHECK(r.scores.count("task") == 1);
    CHECK(r.scores.count("bond") == 1);
    CHECK(r.scores.at("total") == doctest::Approx(4.0));
    CHECK(r.started_at < r.authored_at);
}

struct Case {
    const char* name;
    int code;
    const char* shown;
};
const Case cases[] = {{"disk full", SQLITE_FULL, "E-STORE-FULL"},
                      {"I/O error", SQLITE_IOERR_WRITE, "E-STORE-IO"},
                      {"busy", SQLITE_BUSY, "E-STORE-BUSY"}};

}  // namespace

TEST_CASE("a finished session whose completion commit fails is completed once the store works again") {
    for (const auto partial : {PartialPolicy::keep, PartialPolicy::discard}) {
        for (const Case& c : cases) {
            CAPTURE(c.name);
            CAPTURE(partial == PartialPolicy::keep);
            Kiosk k([&](Config& config, const fs::path&) { config.kiosk.partial = partial; });
            std::ostringstream log;
            auto* old = std::cerr.rdbuf(log.rdbuf());
            {
                FailingCommits failing(c.code);
                k.complete_questionnaire();
                CHECK(k.screen() == "out-of-service");
                CHECK(k.view().error_code == c.shown);
                CHECK(k.sql("SELECT status FROM sessions") == "in_progress");  // not stopped, not deleted
                CHECK(k.sql("SELECT count(*) FROM answers") == "10");
                k.wait(30s);  // retries while the store still fails change nothing
                CHECK(k.sql("SELECT status FROM sessions") == "in_progress");
                failing.on = false;
                REQUIRE(k.app->next_deadline().has_value());  // the kiosk will wake up to retry
                k.wait(10s);
            }
            std::cerr.rdbuf(old);
            check_completed_and_queued(k);
            CHECK(k.screen() == "out-of-service");
            CHECK(log.str().find("move-better") == std::string::npos);  // no answer in the log
        }
    }
}

TEST_CASE("a finished session whose completion commit fails is completed at the next start, whatever partial says") {
    for (const auto partial : {PartialPolicy::keep, PartialPolicy::discard}) {
        CAPTURE(partial == PartialPolicy::keep);
        Kiosk k([&](Config& config, const fs::path&) { config.kiosk.partial = partial; });
        std::ostringstream log;
        auto* old = std::cerr.rdbuf(log.rdbuf());
        {
            FailingCommits failing(SQLITE_FULL);
            k.complete_questionnaire();
            CHECK(k.screen() == "out-of-service");
            // The program stops while the disk is still full (staff exit, power cut): the
            // session is still in progress and a mark beside the store names it.
            k.app.reset();
        }
        std::cerr.rdbuf(old);
        CHECK(k.sql("SELECT status FROM sessions") == "in_progress");
        k.restart();
        CHECK(k.screen() == "welcome");
        check_completed_and_queued(k);
        bool mark_left = false;
        for (const auto& entry : fs::directory_iterator(k.config.storage.dir))
            mark_left |= entry.path().filename().string().rfind("finished-", 0) == 0;
        CHECK_FALSE(mark_left);
    }
}

TEST_CASE("the mark of a finished session is owner-only and holds no answer") {
    Kiosk k;
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    FailingCommits failing(SQLITE_FULL);
    k.complete_questionnaire();
    std::cerr.rdbuf(old);
    int marks = 0;
    for (const auto& entry : fs::directory_iterator(k.config.storage.dir)) {
        if (entry.path().filename().string().rfind("finished-", 0) != 0) continue;
        ++marks;
        struct stat st {};
        REQUIRE(::stat(entry.path().c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(text.find("move-better") == std::string::npos);
        CHECK(text.size() < 40);  // the completion time only
    }
    CHECK(marks == 1);
}
