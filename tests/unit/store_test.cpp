// The local store as the session flow and sync use it (core/store/store.h), against a real file.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "../store/store_fixture.h"
#include "core/base/uuid.h"
#include "core/store/sqlite_store.h"

using namespace alliance;
using namespace alliance::test;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string frozen_json(const TempDir& dir, const std::string& id) {
    return query_text(dir.db(), "SELECT response_json FROM outbox WHERE session_id = '" + id + "'");
}

}  // namespace

TEST_CASE("a new store creates its directory 0700 and its database file 0600 with WAL") {
    TempDir tmp;
    const auto dir = tmp.path() / "data" / "kiosk";
    auto store = Store::open(dir);
    CHECK(mode_of(dir) == 0700);
    CHECK(mode_of(dir / "alliance.db") == 0600);
    CHECK(mode_of(dir / "alliance.db-wal") == 0600);
    CHECK(mode_of(dir / "alliance.db-shm") == 0600);
    CHECK(query_text(dir / "alliance.db", "PRAGMA journal_mode") == "wal");
    CHECK(query_int(dir / "alliance.db", "PRAGMA user_version") == SqliteStore::schema_version);
}

TEST_CASE("an existing database file readable by others is narrowed to its owner on open") {
    TempDir tmp;
    { Store::open(tmp.path()); }
    REQUIRE(::chmod(tmp.db().c_str(), 0644) == 0);
    auto store = Store::open(tmp.path());
    CHECK(mode_of(tmp.db()) == 0600);
}

TEST_CASE("a started session has a fresh UUID v4 and is in progress") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto a = store.start_session(sample_start(), at(0));
    const auto b = store.start_session(sample_start(), at(1));
    CHECK(is_uuid_v4(a));
    CHECK(a != b);
    CHECK(store.session_status(a) == "in_progress");
    CHECK(query_text(tmp.db(), "SELECT kiosk_id FROM sessions WHERE id = '" + a + "'") == "front-desk-1");
}

TEST_CASE("a recorded answer is in the file, seen by another connection, when record_answer returns") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "4"), at(5));
    CHECK(query_text(tmp.db(), "SELECT values_json FROM answers WHERE session_id = '" + id + "'")
              .find("\"code\":\"4\"") != std::string::npos);
}

TEST_CASE("changing an answer with Back replaces it and keeps its place in order") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "1"), at(1));
    store.record_answer(id, {"q2", {7}}, at(2));
    store.record_answer(id, choice("q1", "5"), at(3));
    const auto answers = store.answers(id);
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].link_id == "q1");
    CHECK(std::get<Coding>(answers[0].values[0]).code == "5");
    CHECK(std::get<int>(answers[1].values[0]) == 7);
}

TEST_CASE("clearing an answer removes it, and an answer without values clears too") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "1"), at(1));
    store.record_answer(id, choice("q2", "2"), at(1));
    store.clear_answer(id, "q1");
    store.record_answer(id, {"q2", {}}, at(2));
    CHECK(store.answers(id).empty());
}

TEST_CASE("language, therapist and visit code set during the session reach the frozen response") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start("en"), at(0));
    store.set_language(id, "es");
    store.set_therapist(id, "t-17", "Ana Ruiz");
    store.set_visit_code(id, "V123");
    Response r = completed(id, 1);  // the caller leaves these empty
    store.complete_session(r, at(60));
    const Response frozen = response_from_json(nlohmann::json::parse(frozen_json(tmp, id)));
    CHECK(frozen.language == "es");
    CHECK(frozen.therapist_id == "t-17");
    CHECK(frozen.therapist_name == "Ana Ruiz");
    CHECK(frozen.visit_code == "V123");
    CHECK(frozen.kiosk_id == "front-desk-1");
    CHECK(frozen.questionnaire_version == "1.0.0");
    CHECK(frozen.started_at == "2027-01-15T08:00:00Z");
    CHECK(frozen.authored_at == "2027-01-15T08:01:00Z");
}

TEST_CASE("completing a session freezes the response, queues it once and drops the working answers") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = complete_one(store, 10, 4);
    CHECK(store.session_status(id) == "completed");
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox WHERE session_id = '" + id + "' AND state = 'pending'") ==
          1);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM answers") == 0);
    const Response frozen = response_from_json(nlohmann::json::parse(frozen_json(tmp, id)));
    CHECK(frozen.status == "completed");
    CHECK(frozen.answers.size() == 4);
    CHECK(frozen.scores.at("total") == doctest::Approx(4));
    CHECK(store.counts().pending == 1);
}

TEST_CASE("a completed session takes no more answers and cannot be completed twice") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = complete_one(store, 10, 3);
    CHECK_THROWS_AS(store.record_answer(id, choice("q9", "1"), at(20)), StoreError);
    CHECK_THROWS_WITH(store.complete_session(completed(id, 3), at(20)), doctest::Contains("already completed"));
    CHECK_THROWS_WITH(store.set_language(id, "es"), doctest::Contains("not in progress"));
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 1);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM answers") == 0);
}

TEST_CASE("answers and completion for an unknown session are refused as misuse") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    try {
        store.complete_session(completed("0b0e1f5e-0000-4000-8000-000000000001", 1), at(0));
        FAIL("expected a StoreError");
    } catch (const StoreError& e) {
        CHECK(e.kind() == StoreErrorKind::misuse);
        CHECK(std::string(e.what()).find("complete_session") != std::string::npos);
    }
    CHECK_THROWS_AS(store.record_answer("nope", choice("q1", "1"), at(0)), StoreError);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM answers") == 0);
}

TEST_CASE("abandoning with keep freezes the stored answers as a stopped response and queues it") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "2"), at(1));
    store.record_answer(id, choice("q2", "3"), at(2));
    store.abandon_session(id, PartialPolicy::keep, at(90));
    CHECK(store.session_status(id) == "stopped");
    const Response frozen = response_from_json(nlohmann::json::parse(frozen_json(tmp, id)));
    CHECK(frozen.status == "stopped");
    REQUIRE(frozen.answers.size() == 2);
    CHECK(frozen.answers[1].link_id == "q2");
    CHECK(frozen.authored_at == "2027-01-15T08:01:30Z");
    CHECK(store.counts().pending == 1);
    store.abandon_session(id, PartialPolicy::keep, at(95));  // again: nothing changes
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 1);
}

TEST_CASE("abandoning with discard deletes the session and its answers") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "2"), at(1));
    store.abandon_session(id, PartialPolicy::discard, at(90));
    CHECK_FALSE(store.session_status(id).has_value());
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM answers") == 0);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 0);
}

TEST_CASE("start-up recovery closes every session left in progress as stopped, never resuming one") {
    TempDir tmp;
    std::string done, left1, left2;
    {
        SqliteStore store(tmp.path());
        done = complete_one(store, 0);
        left1 = store.start_session(sample_start(), at(10));
        store.record_answer(left1, choice("q1", "1"), at(11));
        left2 = store.start_session(sample_start(), at(20));
    }  // the "crash"
    SqliteStore store(tmp.path());
    CHECK(store.recover_interrupted(PartialPolicy::keep, at(100)) == 2);
    CHECK(store.session_status(left1) == "stopped");
    CHECK(store.session_status(left2) == "stopped");
    CHECK(store.session_status(done) == "completed");
    CHECK(response_from_json(nlohmann::json::parse(frozen_json(tmp, left1))).answers.size() == 1);
    CHECK(store.counts().pending == 3);
    CHECK_THROWS_AS(store.record_answer(left1, choice("q2", "1"), at(101)), StoreError);
    CHECK(store.recover_interrupted(PartialPolicy::keep, at(200)) == 0);
}

TEST_CASE("recovery with discard leaves no trace of the interrupted sessions") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto done = complete_one(store, 0);
    const auto left = store.start_session(sample_start(), at(10));
    store.record_answer(left, choice("q1", "1"), at(11));
    CHECK(store.recover_interrupted(PartialPolicy::discard, at(100)) == 1);
    CHECK_FALSE(store.session_status(left).has_value());
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM answers") == 0);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM sessions") == 1);
}

TEST_CASE("kiosk state survives reopening the store and a value can be replaced") {
    TempDir tmp;
    {
        SqliteStore store(tmp.path());
        CHECK_FALSE(store.get_state("pin_failures").has_value());
        store.set_state("pin_failures", "2");
        store.set_state("pin_failures", "3");
        store.set_state("default_language", "es");
    }
    SqliteStore store(tmp.path());
    CHECK(store.get_state("pin_failures") == "3");
    CHECK(store.get_state("default_language") == "es");
}

TEST_CASE("audit entries are kept and read back newest first") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    store.audit("staff", "reset", "ok", "", at(1));
    store.audit("sync", "push", "failed", "HTTP 503", at(2));
    const auto entries = store.recent_audit(10);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].actor == "sync");
    CHECK(entries[0].detail == "HTTP 503");
    CHECK(entries[0].at == at(2));
    CHECK(entries[1].action == "reset");
    CHECK(store.recent_audit(1).size() == 1);
}

TEST_CASE("two stores on one file see each other's writes, as the kiosk and sync do") {
    TempDir tmp;
    SqliteStore kiosk(tmp.path());
    SqliteStore sync(tmp.path());
    const auto id = complete_one(kiosk, 0);
    const auto batch = sync.claim_batch(10, at(1));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].session_id == id);
    sync.mark_sent(id, "QR/1", at(2));
    CHECK(kiosk.counts().sent == 1);
}
