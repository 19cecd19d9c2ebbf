// `alliance-sync run`'s loop, on the real SQLite store with a manual clock: retention at start
// and again every purge_every.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "../store/store_fixture.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/store/sqlite_store.h"
#include "sync/daemon.h"
#include "sync/retention.h"

using namespace alliance;
using namespace alliance::sync;

namespace {

class AllSent final : public Target {
public:
    BatchResult send(const std::vector<const Response*>& batch) override {
        BatchResult r;
        r.kind = BatchResult::Kind::per_record;
        r.records.assign(batch.size(), RecordOutcome{Verdict::sent, "QuestionnaireResponse/1"});
        return r;
    }
};

// A response completed and sent at `when`.
void sent_at(SqliteStore& store, WallTime when) {
    const auto id = store.start_session(test::sample_start(), when);
    store.complete_session(test::completed(id, 1), when);
    for (const auto& q : store.claim_batch(10, when)) store.mark_sent(q.session_id, "QR/1", when);
}

}  // namespace

TEST_CASE("run purges sent responses past retention at start and again an hour later") {
    test::TempDir dir;
    SqliteStore store(dir.path());
    ManualClock clock;
    const auto day = std::chrono::hours(24);
    sent_at(store, clock.wall_now() - 31 * day);
    std::atomic<bool> stop{false};
    int purges = 0;
    const Log log([&](Log::Level, std::string_view line) {
        if (line.find("purged 1 sent responses") == std::string_view::npos) return;
        // Called on the daemon's own thread, between its steps: the clock and store are ours.
        if (++purges == 1) {
            // Sent 29.5 days ago: not past retention now, past it in an hour.
            sent_at(store, clock.wall_now() - 30 * day + std::chrono::minutes(30));
            clock.advance(std::chrono::hours(1));
        } else {
            stop = true;
        }
    });
    AllSent target;
    Uploader uploader(store, target, clock, log, [] { return 0.0; });
    DaemonOptions options;
    options.interval = std::chrono::seconds(3600);
    options.poll = std::chrono::milliseconds(5);
    options.retention = RetentionPolicy{30, 7, 365};
    std::thread guard([&stop] {
        for (int i = 0; i < 200 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        stop = true;  // a failing test ends instead of hanging
    });
    run_daemon(store, uploader, clock, log, options, stop);
    guard.join();
    CHECK(purges == 2);
    CHECK(store.counts().sent == 0);
}

TEST_CASE("the [storage] retention keys decide what alliance-sync purges, and the purge is audited") {
    test::TempDir dir;
    SqliteStore store(dir.path());
    ManualClock clock;
    const auto day = std::chrono::hours(24);
    const Config config = parse_config(
        "[storage]\nretention_days = 10\nstopped_retention_days = 2\naudit_retention_days = 5\n", "kiosk.toml");
    const WallTime t0 = clock.wall_now();
    sent_at(store, t0);  // completed
    const auto stopped = store.start_session(test::sample_start(), t0);
    store.record_answer(stopped, test::choice("q1", "2"), t0);
    store.abandon_session(stopped, PartialPolicy::keep, t0);
    for (const auto& q : store.claim_batch(10, t0)) store.mark_sent(q.session_id, "QR/2", t0);
    store.audit("staff", "status", "viewed", "", t0);
    std::vector<std::string> lines;
    const Log log([&](Log::Level, std::string_view line) { lines.emplace_back(line); });
    const RetentionPolicy policy = retention_policy(config.storage);

    clock.advance(3 * day);  // past stopped_retention_days only
    PurgeReport r = purge_expired(store, policy, clock, log);
    CHECK(r.responses == 1);
    CHECK_FALSE(store.session_status(stopped).has_value());
    clock.advance(3 * day);  // 6 days: past audit_retention_days for the first audit row
    r = purge_expired(store, policy, clock, log);
    CHECK(r.audit == 1);
    CHECK(store.counts().sent == 1);
    clock.advance(5 * day);  // 11 days: past retention_days
    r = purge_expired(store, policy, clock, log);
    CHECK(r.responses == 1);
    CHECK(store.counts().sent == 0);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].find("purged 1 sent responses and 0 audit rows past their retention (10 days for completed, 2 for "
                        "stopped, 5 for audit rows)") == 0);
    CHECK(store.recent_audit(1).at(0).action == "purge");
}
