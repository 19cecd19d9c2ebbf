// Local store benchmark (issue 3). Prints:
//   1. the time to record one answer durably (synchronous=FULL, one commit): median, p99, max;
//   2. the database file size after 10,000 completed sessions shaped like alliance-check
//      (10 answers with codings, a free-text comment, 4 scores);
//   3. the retention purge (Store::purge: secure_delete, then the WAL checkpointed and truncated)
//      of 10,000 sent responses by a second connection: its time, and the kiosk's answer times
//      (median, p99, max) while it runs.
// Usage: store_bench [--answers N] [--sessions N] [--dir DIR] [--durable-fill]
//   --dir: where to put the database (default: a fresh directory under $TMPDIR), since the figure
//          depends on the disk; --durable-fill: fill with synchronous=FULL too (slow: ~1 fsync per
//          answer; the file size does not depend on it).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "../store/store_fixture.h"
#include "core/store/sqlite_store.h"

using namespace alliance;
using namespace alliance::test;
using Clock = std::chrono::steady_clock;

namespace {

const std::string how_much = "https://alliance-kiosk.org/fhir/CodeSystem/how-much";

std::vector<ResponseAnswer> alliance_check_answers(int n) {
    std::vector<ResponseAnswer> a;
    a.push_back(
        {"main-goal", {Coding{"https://alliance-kiosk.org/fhir/CodeSystem/main-goal", "less-pain", "Less pain"}}});
    a.push_back({"goal-discussed", {true}});
    for (const char* id : {"goal-known", "goal-shared", "task-plan", "task-home", "bond-listen", "bond-trust"})
        a.push_back({id, {Coding{how_much, std::to_string(1 + n % 5), "Quite a bit"}}});
    a.push_back({"overall", {n % 11}});
    a.push_back({"comment",
                 {std::string("Me ayudó mucho con los ejercicios para casa; la próxima vez quisiera "
                              "hablar más de cómo volver a correr sin dolor.")}});
    return a;
}

Response alliance_check_response(const std::string& id, int n) {
    Response r;
    r.session_id = id;
    r.status = "completed";
    r.answers = alliance_check_answers(n);
    r.therapist_id = "t-17";
    r.therapist_name = "Ana Ruiz";
    r.visit_code = "V" + std::to_string(100000 + n);
    r.scores = {{"goal", 3.5}, {"task", 4.0}, {"bond", 4.5}, {"total", 4.0}};
    return r;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Summary {
    double median, p99, max;
};

Summary summarize(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

std::uintmax_t size_of(const std::filesystem::path& p) {
    std::error_code ec;
    const auto s = std::filesystem::file_size(p, ec);
    return ec ? 0 : s;
}

void fill(SqliteStore& store, int sessions) {
    for (int n = 0; n < sessions; ++n) {
        const auto now = at(n);
        const auto id = store.start_session(sample_start("es"), now);
        for (const auto& a : alliance_check_answers(n)) store.record_answer(id, a, now);
        store.complete_session(alliance_check_response(id, n), now);
    }
}

// 1. One durable answer.
void durable_answers(const std::filesystem::path& root, int answers) {
    SqliteStore store(root / "answers");
    std::vector<double> ms;
    std::string id;
    for (int i = 0; i < answers; ++i) {
        if (i % 10 == 0) id = store.start_session(sample_start(), at(i));
        const auto a = alliance_check_answers(i)[static_cast<std::size_t>(i % 10)];
        const auto t0 = Clock::now();
        store.record_answer(id, a, at(i));
        ms.push_back(ms_since(t0));
    }
    const auto s = summarize(ms);
    std::printf("record_answer (durable, synchronous=FULL): %d answers, median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                answers, s.median, s.p99, s.max);
    std::printf("figure: durable answer median = %.2f ms\nfigure: durable answer p99 = %.2f ms\n", s.median, s.p99);
}

// 2. The file after `sessions` completed sessions.
void file_after_sessions(const std::filesystem::path& dir, int sessions, bool durable_fill) {
    SqliteStoreOptions options;
    options.synchronous = durable_fill ? SqliteStoreOptions::Synchronous::full : SqliteStoreOptions::Synchronous::off;
    const auto t0 = Clock::now();
    {
        SqliteStore store(dir, options);
        fill(store, sessions);
    }  // closing the last connection checkpoints the WAL into the file
    std::printf("file after %d completed sessions: %.2f MB (alliance.db; WAL %.2f MB), filled in %.1f s%s\n", sessions,
                size_of(dir / "alliance.db") / 1e6, size_of(dir / "alliance.db-wal") / 1e6, ms_since(t0) / 1000,
                durable_fill ? "" : " (fill not durable; size is the same)");
    std::printf("figure: store file after %d sessions = %.2f MB\n", sessions, size_of(dir / "alliance.db") / 1e6);
}

// 3. The kiosk answering while a second connection purges every sent response.
void purge_while_answering(const std::filesystem::path& dir, int sessions) {
    {
        SqliteStoreOptions quick;  // marking 10,000 sent is set-up here, not what is measured
        quick.synchronous = SqliteStoreOptions::Synchronous::off;
        SqliteStore marker(dir, quick);
        while (true) {
            const auto batch = marker.claim_batch(500, at(sessions + 1));
            if (batch.empty()) break;
            for (const auto& q : batch) marker.mark_sent(q.session_id, "QR/1", at(sessions + 1));
        }
    }
    SqliteStoreOptions sync_options;  // as alliance-sync opens it (Store::User::sync)
    sync_options.synchronous = SqliteStoreOptions::Synchronous::normal;
    SqliteStore sync(dir, sync_options);
    SqliteStore kiosk(dir);
    std::vector<double> ms;
    const auto id = kiosk.start_session(sample_start(), at(sessions + 2));
    int purged = 0;
    double purge_ms = 0;
    std::atomic<bool> purging{true};
    std::thread purge([&] {
        const auto t0 = Clock::now();
        // Everything was sent at(sessions + 1): 31 days later all of it is past retention.
        purged = sync.purge(RetentionPolicy{30, 7, 365}, at(sessions + 3) + std::chrono::hours(24 * 31)).responses;
        purge_ms = ms_since(t0);
        purging = false;
    });
    // Answers for as long as the purge runs (one every 5 ms, a fast patient), at least 200.
    for (int i = 0; purging || i < 200; ++i) {
        const auto t0 = Clock::now();
        // A new time each, so that every call really changes the row (SQLite skips identical rewrites).
        kiosk.record_answer(id, alliance_check_answers(i)[static_cast<std::size_t>(i % 10)], at(sessions + 2 + i));
        ms.push_back(ms_since(t0));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    purge.join();
    const auto s = summarize(ms);
    std::printf(
        "purge of %d sent responses took %.0f ms (%.3f ms a response) in 200-row transactions with "
        "secure_delete, then a WAL truncation; answers meanwhile: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
        purged, purge_ms, purge_ms / std::max(purged, 1), s.median, s.p99, s.max);
    std::printf("figure: purge time for %d responses = %.0f ms\n", purged, purge_ms);
    std::printf("figure: answer median during purge = %.2f ms\n", s.median);
    std::printf("figure: answer max during purge = %.2f ms\n", s.max);
}

}  // namespace

int main(int argc, char** argv) {
    int answers = 2000, sessions = 10000;
    bool durable_fill = false;
    std::filesystem::path base;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--answers" && i + 1 < argc)
            answers = std::stoi(argv[++i]);
        else if (flag == "--sessions" && i + 1 < argc)
            sessions = std::stoi(argv[++i]);
        else if (flag == "--dir" && i + 1 < argc)
            base = argv[++i];
        else if (flag == "--durable-fill")
            durable_fill = true;
        else {
            std::fprintf(stderr, "usage: %s [--answers N] [--sessions N] [--dir DIR] [--durable-fill]\n", argv[0]);
            return 2;
        }
    }
    TempDir tmp;
    const auto root = base.empty() ? tmp.path() : base / ("store-bench-" + std::to_string(::getpid()));
    std::printf("store benchmark in %s\n", root.c_str());

    durable_answers(root, answers);
    const auto dir = root / "sessions";
    file_after_sessions(dir, sessions, durable_fill);
    purge_while_answering(dir, sessions);
    if (!base.empty()) std::filesystem::remove_all(root);
    return 0;
}
