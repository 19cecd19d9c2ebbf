// The upload pass against the real SQLite store and a scripted target: what gets marked sent,
// rejected or failed-for-later, and when the next attempt is due.
#include <doctest/doctest.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <set>

#include "../store/store_fixture.h"
#include "core/base/clock.h"
#include "core/base/time_format.h"
#include "core/store/sqlite_store.h"
#include "sync/uploader.h"

using namespace alliance;
using namespace alliance::sync;
namespace fs = std::filesystem;

namespace {

using test::TempDir;

// Decides each send with `rule`, remembering the batches it was given (as session ids).
class ScriptedTarget final : public Target {
public:
    std::function<BatchResult(const std::vector<const Response*>&)> rule;
    std::vector<std::vector<std::string>> sends;
    BatchResult send(const std::vector<const Response*>& batch) override {
        std::vector<std::string> ids;
        for (const Response* r : batch) ids.push_back(r->session_id);
        sends.push_back(ids);
        return rule(batch);
    }
};

BatchResult all_sent(const std::vector<const Response*>& batch) {
    BatchResult r;
    r.kind = BatchResult::Kind::per_record;
    for (const Response* resp : batch)
        r.records.push_back({Verdict::sent, "QuestionnaireResponse/" + resp->session_id});
    return r;
}

struct Fixture {
    TempDir dir;
    ManualClock clock;
    SqliteStore store{dir.path()};
    ScriptedTarget target;
    std::vector<std::string> log_lines;
    Log log{[this](Log::Level, std::string_view line) { log_lines.emplace_back(line); }};
    Uploader uploader{store, target, clock, log, [] { return 0.0; }};
    std::vector<std::string> ids;

    void seed(int n) {
        for (int i = 0; i < n; ++i) {
            const std::string id = store.start_session({"https://q.example/Q", "1", "en", "k1"}, clock.wall_now());
            Response r;
            r.session_id = id;
            r.answers = {{"comments", {std::string("PRIVATE-ANSWER")}}};
            store.complete_session(r, clock.wall_now());
            ids.push_back(id);
            clock.advance(std::chrono::seconds(1));
        }
    }
    std::string joined_log() const {
        std::string all;
        for (const auto& l : log_lines) all += l + "\n";
        return all;
    }
};

}  // namespace

TEST_CASE("a pass sends the queue oldest first in batches and marks each response sent") {
    Fixture f;
    f.seed(5);
    f.target.rule = all_sent;
    const PassReport r = f.uploader.pass(PassOptions{2, std::chrono::seconds(900), 0, false});
    CHECK(r.sent == 5);
    CHECK(r.requests == 3);
    CHECK(f.target.sends ==
          std::vector<std::vector<std::string>>{{f.ids[0], f.ids[1]}, {f.ids[2], f.ids[3]}, {f.ids[4]}});
    const QueueCounts c = f.store.counts();
    CHECK(c.sent == 5);
    CHECK(c.pending == 0);
    CHECK(f.store.recent_audit(1).at(0).action == "push");
    CHECK(f.store.recent_audit(1).at(0).outcome == "ok");
}

TEST_CASE("a batch refused as a whole is sent one at a time: the bad response is rejected, the others land") {
    Fixture f;
    f.seed(4);
    const std::string bad = f.ids[2];
    f.target.rule = [&bad](const std::vector<const Response*>& batch) {
        for (const Response* r : batch) {
            if (r->session_id == bad) {
                BatchResult refused;
                refused.kind = BatchResult::Kind::refused_whole;
                refused.reason =
                    "HTTP 400: error structure: Invalid value \"PRIVATE-ANSWER\" (at QuestionnaireResponse.item)";
                return refused;
            }
        }
        return all_sent(batch);
    };
    const PassReport r = f.uploader.pass(PassOptions{4, std::chrono::seconds(900), 0, false});
    CHECK(r.sent == 3);
    CHECK(r.rejected == 1);
    CHECK(f.target.sends.size() == 5);  // the batch, then each response alone
    const QueueCounts c = f.store.counts();
    CHECK(c.rejected == 1);
    CHECK(c.sent == 3);
    // The store keeps the server's words for `status`; the log and audit never see the quote.
    CHECK(c.last_error.find("Invalid value") != std::string::npos);
    CHECK(f.joined_log().find("REJECTED") != std::string::npos);
    CHECK(f.joined_log().find("PRIVATE-ANSWER") == std::string::npos);
    for (const auto& entry : f.store.recent_audit(10)) CHECK(entry.detail.find("PRIVATE-ANSWER") == std::string::npos);
    CHECK(f.store.recent_audit(1).at(0).outcome == "partial");
}

TEST_CASE("a server failure ends the pass and leaves the batch to be retried after the backoff") {
    Fixture f;
    f.seed(6);
    f.target.rule = [](const std::vector<const Response*>&) {
        BatchResult r;
        r.kind = BatchResult::Kind::retry;
        r.reason = "HTTP 503: error transient: down for maintenance";
        return r;
    };
    const WallTime before = f.clock.wall_now();
    const PassReport r = f.uploader.pass(PassOptions{2, std::chrono::seconds(900), 2, false});
    CHECK(r.stopped_by_failure);
    CHECK(r.requests == 1);  // the rest of the queue is not sent into a server that is down
    CHECK(r.deferred == 2);
    // Third failure in a row: 1 s with its jitter at 0 -> 500 ms.
    CHECK(*r.retry_at == before + std::chrono::milliseconds(500));
    const QueueCounts c = f.store.counts();
    CHECK(c.pending == 6);
    CHECK(c.failed == 2);
    CHECK(f.store.claim_batch(10, f.clock.wall_now()).size() == 4);  // the failed two are not due yet
}

TEST_CASE("Retry-After decides the next attempt when the server gives one") {
    Fixture f;
    f.seed(1);
    f.target.rule = [](const std::vector<const Response*>&) {
        BatchResult r;
        r.kind = BatchResult::Kind::retry;
        r.reason = "HTTP 429";
        r.retry_after = std::chrono::seconds(42);
        return r;
    };
    const PassReport r = f.uploader.pass(PassOptions{});
    CHECK(*r.retry_at == f.clock.wall_now() + std::chrono::seconds(42));
}

TEST_CASE("a person's push sends responses still waiting for their retry time") {
    Fixture f;
    f.seed(2);
    f.store.mark_failed(f.store.claim_batch(1, f.clock.wall_now()).at(0).session_id, "earlier failure",
                        f.clock.wall_now() + std::chrono::hours(1));
    f.target.rule = all_sent;
    CHECK(f.uploader.pass(PassOptions{10, std::chrono::seconds(900), 0, false}).sent == 1);
    CHECK(f.uploader.pass(PassOptions{10, std::chrono::seconds(900), 0, true}).sent == 1);
    CHECK(f.store.counts().sent == 2);
}

TEST_CASE("a server that refuses big batches but takes each response alone gets smaller batches from then on") {
    Fixture f;
    f.seed(14);
    f.target.rule = [](const std::vector<const Response*>& batch) {
        if (batch.size() > 2) {
            BatchResult r;
            r.kind = BatchResult::Kind::refused_whole;
            r.reason = "HTTP 400: Transaction requires strict isolation but has too many entries";
            return r;
        }
        return all_sent(batch);
    };
    const PassReport r = f.uploader.pass(PassOptions{8, std::chrono::seconds(900), 0, false});
    CHECK(r.sent == 14);
    CHECK(r.rejected == 0);
    std::vector<std::size_t> sizes;
    for (const auto& s : f.target.sends) sizes.push_back(s.size());
    // 8 refused, singles; then 4 refused, singles; then batches of 2.
    CHECK(sizes == std::vector<std::size_t>{8, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 2});
    CHECK(f.joined_log().find("sending at most 4 per request") != std::string::npos);
}

TEST_CASE("a stop request ends the pass between batches") {
    Fixture f;
    f.seed(4);
    std::atomic<bool> stop{false};
    f.target.rule = [&stop](const std::vector<const Response*>& batch) {
        stop = true;
        return all_sent(batch);
    };
    const PassReport r = f.uploader.pass(PassOptions{2, std::chrono::seconds(900), 0, false}, &stop);
    CHECK(r.sent == 2);
    CHECK(f.store.counts().pending == 2);
}

TEST_CASE("responses claimed ahead but not sent when the pass ends are given back, their attempt not counted") {
    Fixture f;
    f.seed(6);
    std::atomic<bool> stop{false};
    f.target.rule = [&stop](const std::vector<const Response*>& batch) {
        stop = true;  // after the first request of the chunk
        return all_sent(batch);
    };
    const PassReport r = f.uploader.pass(PassOptions{2, std::chrono::seconds(900), 0, false}, &stop);
    CHECK(r.requests == 1);
    CHECK(r.sent == 2);
    for (std::size_t i = 2; i < f.ids.size(); ++i) {
        CHECK(test::query_text(f.dir.db(),
                               "SELECT attempts || '/' || COALESCE(claimed_by, 'none') FROM outbox"
                               " WHERE session_id = '" +
                                   f.ids[i] + "'") == "0/none");
    }
    // The same store object may claim them at once (its own claims would otherwise wait out the lease).
    CHECK(f.store.claim_batch(10, f.clock.wall_now()).size() == 4);
}

namespace {

// The server answers 500 to any request holding `bad`, and takes everything else.
std::function<BatchResult(const std::vector<const Response*>&)> fails_for(const std::string& bad,
                                                                          bool may_be_record = true) {
    return [bad, may_be_record](const std::vector<const Response*>& batch) {
        for (const Response* r : batch) {
            if (r->session_id == bad) {
                BatchResult failed;
                failed.kind = BatchResult::Kind::retry;
                failed.reason = "HTTP 500: error exception: boom";
                failed.record_may_be_at_fault = may_be_record;
                return failed;
            }
        }
        return all_sent(batch);
    };
}

std::string outbox_state(Fixture& f, const std::string& id) {
    return test::query_text(f.dir.db(),
                            "SELECT state || '/' || own_failures FROM outbox WHERE session_id = '" + id + "'");
}

}  // namespace

TEST_CASE(
    "a response the server always fails for is overtaken by later ones, found alone, and held after max_attempts") {
    Fixture f;
    f.seed(9);
    const std::string bad = f.ids[2];
    f.target.rule = fails_for(bad);
    PassOptions options{2, std::chrono::seconds(900), 0, true};
    options.max_attempts = 3;
    // First pass: its batch fails as a whole; the pass ends, nothing is anyone's fault yet.
    PassReport r = f.uploader.pass(options);
    CHECK(r.stopped_by_failure);
    CHECK(r.sent == 2);
    CHECK(outbox_state(f, bad) == "pending/0");
    // Second pass: the batch failed before, so it is split; the other one lands, the bad one fails
    // alone (its own failure), and the pass goes on with the rest of the queue.
    r = f.uploader.pass(options);
    CHECK_FALSE(r.stopped_by_failure);
    CHECK(r.sent == 6);
    CHECK(r.deferred == 1);
    CHECK(outbox_state(f, bad) == "pending/1");
    CHECK(f.store.counts().sent == 8);
    // Alone in the queue: each pass is one more failure of its own, until it is held.
    CHECK(f.uploader.pass(options).held == 0);
    r = f.uploader.pass(options);
    CHECK(r.held == 1);
    CHECK(outbox_state(f, bad) == "held/3");
    CHECK(f.store.counts().held == 1);
    CHECK(f.joined_log().find("is HELD after failing on its own 3 times") != std::string::npos);
    CHECK(f.store.recent_audit(2).at(1).action == "hold");
    // Held: not sent again until requeued.
    const auto sends = f.target.sends.size();
    CHECK(f.uploader.pass(options).requests == 0);
    CHECK(f.target.sends.size() == sends);
    f.target.rule = all_sent;
    CHECK(f.store.requeue({true, false, {}}, f.clock.wall_now()) == 1);
    CHECK(f.uploader.pass(options).sent == 1);
    CHECK(f.store.counts().sent == 9);
}

TEST_CASE("a server that is down counts no failure as any response's own, however often it is tried") {
    Fixture f;
    f.seed(4);
    f.target.rule = [](const std::vector<const Response*>&) {
        BatchResult r;
        r.kind = BatchResult::Kind::retry;
        r.reason = "HTTP 500: everything is broken";
        r.record_may_be_at_fault = true;
        return r;
    };
    PassOptions options{2, std::chrono::seconds(900), 0, true};
    options.max_attempts = 1;
    for (int i = 0; i < 5; ++i) CHECK(f.uploader.pass(options).stopped_by_failure);
    CHECK(f.store.counts().held == 0);
    for (const auto& id : f.ids) CHECK(outbox_state(f, id).substr(0, 9) == "pending/0");
}

TEST_CASE("a lost connection or a 503 for a response alone is never its own failure") {
    Fixture f;
    f.seed(1);
    f.target.rule = fails_for(f.ids[0], false);
    PassOptions options{2, std::chrono::seconds(900), 0, true};
    options.max_attempts = 1;
    for (int i = 0; i < 3; ++i) CHECK(f.uploader.pass(options).stopped_by_failure);
    CHECK(outbox_state(f, f.ids[0]) == "pending/0");
}

TEST_CASE("each response backs off by its own attempts, so the one that keeps failing waits longest") {
    Fixture f;
    f.seed(3);
    f.target.rule = fails_for(f.ids[0]);
    PassOptions options{1, std::chrono::seconds(900), 0, true};
    for (int i = 0; i < 4; ++i) f.uploader.pass(options);
    // Four failures of its own: 250 ms * 2^3 = 2 s, its jitter at 0 -> 1 s.
    const auto due =
        test::query_int(f.dir.db(), "SELECT next_attempt_at_ms FROM outbox WHERE session_id = '" + f.ids[0] + "'");
    CHECK(due ==
          std::chrono::duration_cast<std::chrono::milliseconds>(f.clock.wall_now().time_since_epoch()).count() + 1000);
    CHECK(f.store.counts().sent == 2);
}
