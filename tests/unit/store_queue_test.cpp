// The upload queue as sync uses it: claim, mark, counts, retention.
#include <doctest/doctest.h>

#include "../store/store_fixture.h"
#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"

using namespace alliance;
using namespace alliance::test;

namespace {

std::string state_of(const TempDir& dir, const std::string& id) {
    return query_text(dir.db(), "SELECT state || '/' || attempts FROM outbox WHERE session_id = '" + id + "'");
}

}  // namespace

TEST_CASE("claim hands out the oldest due responses first, up to the batch size") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto first = complete_one(store, 30);
    const auto second = complete_one(store, 40);
    const auto third = complete_one(store, 50);
    SqliteStore sync(tmp.path());
    const auto batch = sync.claim_batch(2, at(60));
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].session_id == first);
    CHECK(batch[1].session_id == second);
    CHECK(batch[0].attempts == 0);
    CHECK(batch[0].response.session_id == first);
    CHECK(batch[0].response.answers.size() == 1);
    const auto rest = sync.claim_batch(2, at(60));
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].session_id == third);
}

TEST_CASE("a claim counts the attempt before any network I/O, so a crash leaves the response to send again") {
    TempDir tmp;
    std::string id;
    {
        SqliteStore store(tmp.path());
        id = complete_one(store, 0);
        REQUIRE(store.claim_batch(10, at(1)).size() == 1);
        CHECK(state_of(tmp, id) == "pending/1");
    }  // sync "crashes" before mark_sent
    SqliteStore restarted(tmp.path());
    const auto again = restarted.claim_batch(10, at(2));
    REQUIRE(again.size() == 1);
    CHECK(again[0].session_id == id);
    CHECK(again[0].attempts == 1);
    CHECK(state_of(tmp, id) == "pending/2");
}

TEST_CASE("a store does not hand out its own unmarked claim again until the lease runs out") {
    TempDir tmp;
    SqliteStoreOptions options;
    options.claim_lease = std::chrono::seconds(60);
    SqliteStore store(tmp.path(), options);
    complete_one(store, 0);
    CHECK(store.claim_batch(10, at(1)).size() == 1);
    CHECK(store.claim_batch(10, at(30)).empty());
    CHECK(store.claim_batch(10, at(62)).size() == 1);
}

TEST_CASE("a sent response is not claimed again and shows in the counts") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = complete_one(store, 0);
    store.claim_batch(10, at(1));
    store.mark_sent(id, "QuestionnaireResponse/42", at(2));
    CHECK(query_text(tmp.db(), "SELECT server_id FROM outbox") == "QuestionnaireResponse/42");
    CHECK(state_of(tmp, id) == "sent/1");
    CHECK(store.claim_batch(10, at(100)).empty());
    const auto c = store.counts();
    CHECK(c.pending == 0);
    CHECK(c.sent == 1);
    REQUIRE(c.last_sent_at.has_value());
    CHECK(*c.last_sent_at == at(2));
}

TEST_CASE("a failed response waits for its next attempt time and then is claimed again") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = complete_one(store, 0);
    store.claim_batch(10, at(1));
    store.mark_failed(id, "HTTP 503 from the server", at(61));
    auto c = store.counts();
    CHECK(c.pending == 1);
    CHECK(c.failed == 1);
    CHECK(c.last_error == "HTTP 503 from the server");
    CHECK(store.claim_batch(10, at(60)).empty());
    const auto retry = store.claim_batch(10, at(61));
    REQUIRE(retry.size() == 1);
    CHECK(retry[0].attempts == 1);
}

TEST_CASE("a failed response does not hold back newer ones that are due") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto old_one = complete_one(store, 0);
    const auto new_one = complete_one(store, 5);
    store.claim_batch(1, at(6));
    store.mark_failed(old_one, "timeout", at(600));
    const auto batch = store.claim_batch(10, at(7));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].session_id == new_one);
}

TEST_CASE("a rejected response needs attention: counted, never claimed again, its reason kept") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto bad = complete_one(store, 0);
    const auto good = complete_one(store, 1);
    store.claim_batch(10, at(2));
    store.mark_rejected(bad, "HTTP 422: unknown questionnaire", at(3));
    store.mark_failed(good, "timeout", at(4));
    auto c = store.counts();
    CHECK(c.rejected == 1);
    CHECK(c.pending == 1);
    CHECK(c.last_error == "timeout");  // the most recent failure or rejection
    CHECK(state_of(tmp, bad) == "rejected/1");
    const auto batch = store.claim_batch(10, at(1000));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].session_id == good);
}

TEST_CASE("marking a response already sent leaves it sent, and an unknown one is refused") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = complete_one(store, 0);
    store.claim_batch(10, at(1));
    store.mark_sent(id, "QR/1", at(2));
    store.mark_failed(id, "late reply from a second sync", at(100));
    CHECK(state_of(tmp, id) == "sent/1");
    CHECK_THROWS_WITH(store.mark_sent("0b0e1f5e-0000-4000-8000-00000000dead", "QR/2", at(3)),
                      doctest::Contains("no queued response"));
}

TEST_CASE("stopped responses are queued and sent like completed ones") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "1"), at(1));
    store.abandon_session(id, PartialPolicy::keep, at(60));
    const auto batch = store.claim_batch(5, at(61));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].response.status == "stopped");
}

TEST_CASE("purging deletes only responses sent before the cutoff, in small transactions") {
    TempDir tmp;
    SqliteStoreOptions options;
    options.purge_batch_rows = 3;
    options.synchronous =
        SqliteStoreOptions::Synchronous::off;  // 10 sessions; durability is not what this test is about
    SqliteStore store(tmp.path(), options);
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(complete_one(store, i));
    store.claim_batch(10, at(20));
    for (int i = 0; i < 8; ++i) store.mark_sent(ids[i], "QR/" + std::to_string(i), at(100 + i));
    store.mark_failed(ids[8], "timeout", at(200));

    std::vector<std::string> transactions;
    sqlite::ScopedFault spy([&](sqlite::Call call, std::string_view sql) {
        if (call == sqlite::Call::exec && sql == "BEGIN IMMEDIATE") transactions.emplace_back(sql);
        return 0;
    });
    CHECK(store.purge_sent_before(at(106)) == 6);  // sent at 100..105
    CHECK(transactions.size() == 3);               // 3 + 3 + a last one that finds none
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 4);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM sessions") == 4);
    const auto c = store.counts();
    CHECK(c.sent == 2);
    CHECK(c.pending == 2);
}

TEST_CASE("the marks of one upload are written together: all of them, or none when one fails") {
    TempDir tmp;
    SqliteStore kiosk(tmp.path());
    const auto first = complete_one(kiosk, 10);
    const auto second = complete_one(kiosk, 20);
    auto sync = Store::open(tmp.path(), Store::User::sync);
    REQUIRE(sync->claim_batch(2, at(30)).size() == 2);

    // The second mark names a session that was never queued: the first mark is undone with it.
    CHECK_THROWS_AS(sync->write_together([&] {
        sync->mark_sent(first, "QuestionnaireResponse/1", at(31));
        sync->mark_sent("no-such-session", "QuestionnaireResponse/2", at(31));
    }),
                    StoreError);
    CHECK(state_of(tmp, first) == "pending/1");

    sync->write_together([&] {
        sync->mark_sent(first, "QuestionnaireResponse/1", at(32));
        sync->mark_rejected(second, "HTTP 422", at(32));
        sync->audit("sync", "reject", "rejected", "session " + second, at(32));
    });
    CHECK(state_of(tmp, first) == "sent/1");
    CHECK(state_of(tmp, second) == "rejected/1");
    CHECK(query_text(tmp.db(), "SELECT count(*) FROM audit WHERE action = 'reject'") == "1");
    // A later write by the kiosk is not blocked by anything the sync connection kept open.
    complete_one(kiosk, 40);
    CHECK(query_text(tmp.db(), "SELECT count(*) FROM outbox") == "3");
}

TEST_CASE("the sync process's connection commits without waiting for the disk; the kiosk's waits") {
    TempDir tmp;
    // PRAGMA synchronous is per connection; the statements each open runs are seen through the hook.
    std::vector<std::string> pragmas;
    {
        sqlite::ScopedFault record([&](sqlite::Call call, std::string_view sql) {
            if (call == sqlite::Call::exec && sql.rfind("PRAGMA synchronous", 0) == 0) pragmas.emplace_back(sql);
            return 0;
        });
        Store::open(tmp.path(), Store::User::sync).reset();
        Store::open(tmp.path()).reset();
    }
    REQUIRE(pragmas.size() == 2);
    CHECK(pragmas[0] == "PRAGMA synchronous = NORMAL");
    CHECK(pragmas[1] == "PRAGMA synchronous = FULL");
}
