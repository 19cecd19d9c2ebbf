// The life of a stored response past its upload: held after repeated failures of its own,
// requeued, purged after its retention with nothing left to read back, and the forward
// migration that brought in the `held` state.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "../store/store_fixture.h"
#include "core/store/sqlite_store.h"

using namespace alliance;
using namespace alliance::test;

namespace {

constexpr auto day = std::chrono::hours(24);

std::string state_of(const TempDir& dir, const std::string& id) {
    return query_text(dir.db(), "SELECT state FROM outbox WHERE session_id = '" + id + "'");
}

std::string bytes_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A session whose comment is `comment`, completed at `when`.
std::string complete_with_comment(SqliteStore& store, WallTime when, const std::string& comment) {
    const auto id = store.start_session(sample_start(), when);
    Response r = completed(id, 1);
    r.answers.push_back({"comments", {comment}});
    store.record_answer(id, r.answers.back(), when);
    store.complete_session(r, when);
    return id;
}

}  // namespace

TEST_CASE("a response failing on its own max_attempts times is held: kept, counted, never claimed") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto bad = complete_one(store, 10);
    const auto good = complete_one(store, 20);
    for (int i = 0; i < 2; ++i) {
        REQUIRE(store.claim_batch(1, at(100 + i)).at(0).session_id == bad);
        CHECK_FALSE(store.mark_failed_own(bad, "HTTP 500: boom", at(100 + i), 3, at(100 + i)));
    }
    CHECK(store.claim_batch(1, at(200)).at(0).own_failures == 2);
    CHECK(store.mark_failed_own(bad, "HTTP 500: boom again", at(201), 3, at(200)));
    CHECK(state_of(tmp, bad) == "held");
    const QueueCounts c = store.counts();
    CHECK(c.held == 1);
    CHECK(c.pending == 1);  // the good one
    CHECK(c.last_error == "HTTP 500: boom again");
    const auto next = store.claim_batch(10, at(10'000));
    REQUIRE(next.size() == 1);
    CHECK(next[0].session_id == good);
}

TEST_CASE("requeue puts held and rejected responses, or the sessions named, back in the queue; never a sent one") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto held = complete_one(store, 10);
    const auto rejected = complete_one(store, 20);
    const auto sent = complete_one(store, 30);
    const auto other_rejected = complete_one(store, 40);
    store.claim_batch(10, at(50));
    CHECK(store.mark_failed_own(held, "HTTP 500", at(60), 1, at(50)));
    store.mark_rejected(rejected, "HTTP 422", at(50));
    store.mark_rejected(other_rejected, "HTTP 422", at(50));
    store.mark_sent(sent, "QR/1", at(50));

    CHECK(store.requeue({true, false, {}}, at(70)) == 1);
    CHECK(state_of(tmp, held) == "pending");
    CHECK(query_int(tmp.db(), "SELECT own_failures FROM outbox WHERE session_id = '" + held + "'") == 0);
    CHECK(store.requeue({false, false, {rejected, sent}}, at(70)) == 1);
    CHECK(state_of(tmp, rejected) == "pending");
    CHECK(state_of(tmp, sent) == "sent");
    CHECK(state_of(tmp, other_rejected) == "rejected");
    CHECK(store.requeue({false, true, {}}, at(70)) == 1);
    // Due at once, whatever their retry times were.
    CHECK(store.claim_batch(10, at(70)).size() == 3);
}

TEST_CASE("purge keeps each kind for its own retention: completed, stopped, audit rows; never an unsent one") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const WallTime t0 = at(0);
    const auto completed_id = complete_one(store, 0);
    const auto stopped_id = store.start_session(sample_start(), t0);
    store.record_answer(stopped_id, choice("q1", "2"), t0);
    store.abandon_session(stopped_id, PartialPolicy::keep, t0);
    const auto pending_id = complete_one(store, 1);
    store.claim_batch(10, t0);
    store.mark_sent(completed_id, "QR/1", t0);
    store.mark_sent(stopped_id, "QR/2", t0);
    store.mark_failed(pending_id, "timeout", t0);
    store.audit("staff", "status", "viewed", "", t0);
    const RetentionPolicy policy{30, 7, 365};

    CHECK(store.purge(policy, t0 + 6 * day).responses == 0);
    PurgeReport r = store.purge(policy, t0 + 8 * day);
    CHECK(r.responses == 1);
    CHECK_FALSE(store.session_status(stopped_id).has_value());
    CHECK(store.session_status(completed_id) == "completed");
    r = store.purge(policy, t0 + 31 * day);
    CHECK(r.responses == 1);
    CHECK_FALSE(store.session_status(completed_id).has_value());
    CHECK(r.audit == 0);
    CHECK(store.purge(policy, t0 + 366 * day).audit == 1);
    // Not yet sent, however old: kept.
    CHECK(store.session_status(pending_id) == "completed");
    CHECK(store.counts().pending == 1);
}

TEST_CASE("after a purge a typed comment cannot be read back from the database file, its WAL or free pages") {
    TempDir tmp;
    const std::string secret = "MY-KNEE-STILL-HURTS-7f3a";
    {
        SqliteStore kiosk(tmp.path());
        SqliteStore sync(tmp.path(), SqliteStoreOptions{5000, std::chrono::seconds(300), 200,
                                                        SqliteStoreOptions::Synchronous::normal});
        std::vector<std::string> ids;
        for (int i = 0; i < 20; ++i) ids.push_back(complete_with_comment(kiosk, at(i), secret + std::to_string(i)));
        const auto keep = complete_one(kiosk, 100);  // a later one, still pending
        for (const auto& q : sync.claim_batch(50, at(200)))
            if (q.session_id != keep) sync.mark_sent(q.session_id, "QR/x", at(200));
        const bool stored = bytes_of(tmp.db()).find(secret) != std::string::npos ||
                            bytes_of(tmp.path() / "alliance.db-wal").find(secret) != std::string::npos;
        REQUIRE(stored);  // the test would prove nothing otherwise
        CHECK(sync.purge(RetentionPolicy{30, 7, 365}, at(200) + 31 * day).responses == 20);
        // Both connections still open, as with the kiosk and `alliance-sync run`.
        CHECK(bytes_of(tmp.db()).find(secret) == std::string::npos);
        CHECK(bytes_of(tmp.path() / "alliance.db-wal").find(secret) == std::string::npos);
        CHECK(kiosk.session_status(keep) == "completed");
    }
    CHECK(bytes_of(tmp.db()).find(secret) == std::string::npos);
}

TEST_CASE("a version 1 database is migrated forward with its queue intact and gains the held state") {
    TempDir tmp;
    std::string id;
    {
        SqliteStore store(tmp.path());
        id = complete_one(store, 10);
        store.claim_batch(1, at(20));
        store.mark_failed(id, "timeout", at(30));
    }
    // Back to version 1's outbox: the same columns without own_failures/held_at_ms and no `held`.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(tmp.db().c_str(), &raw) == SQLITE_OK);
    const char* downgrade = R"sql(
        BEGIN;
        CREATE TABLE outbox_v1 (seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL UNIQUE REFERENCES sessions (id)
            ON DELETE CASCADE, response_json TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sent', 'rejected')), attempts INTEGER NOT NULL DEFAULT 0,
            queued_at_ms INTEGER NOT NULL, next_attempt_at_ms INTEGER NOT NULL, claimed_by TEXT, claimed_at_ms INTEGER,
            last_error TEXT, last_error_seq INTEGER, server_id TEXT, sent_at_ms INTEGER, rejected_at_ms INTEGER);
        INSERT INTO outbox_v1 SELECT seq, session_id, response_json, state, attempts, queued_at_ms, next_attempt_at_ms,
            claimed_by, claimed_at_ms, last_error, last_error_seq, server_id, sent_at_ms, rejected_at_ms FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_v1 RENAME TO outbox;
        DROP INDEX IF EXISTS audit_at;
        PRAGMA user_version = 1;
        COMMIT;)sql";
    REQUIRE(sqlite3_exec(raw, downgrade, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);

    SqliteStore store(tmp.path());
    CHECK(query_int(tmp.db(), "PRAGMA user_version") == SqliteStore::schema_version);
    CHECK(query_text(tmp.db(), "SELECT state || '/' || attempts || '/' || last_error FROM outbox") ==
          "pending/1/timeout");
    const auto batch = store.claim_batch(1, at(40));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].response.session_id == id);
    CHECK(store.mark_failed_own(id, "HTTP 500", at(50), 1, at(40)));
    CHECK(store.counts().held == 1);
}
