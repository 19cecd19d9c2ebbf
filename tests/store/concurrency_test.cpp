// Concurrency test (issue 3): the kiosk (this process) records and completes sessions while a
// sync process (a forked child with its own connection) claims and marks them, for N seconds on
// one file. Passes when no StoreError at all surfaces on either side (in particular no
// SQLITE_BUSY) and no update is lost:
//   - every session the kiosk completed is queued exactly once with all its answers,
//   - each queued row's state, server id and attempt count match what sync last did to it,
//   - a counter the kiosk bumps in kiosk_state and the audit rows of both sides all add up.
//
// Usage: store_concurrency_test [--seconds N]
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "core/store/sqlite_store.h"
#include "store_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

constexpr int answers_per_session = 6;

struct SyncRecord {
    int claims = 0;
    std::string last;  // "sent", "failed" or "rejected"
};

using Clock = std::chrono::steady_clock;

// The sync side: claims batches and marks each one sent (mostly), failed or rejected.
// Writes "<id> <claims> <last>" lines and the audit count to `log`.
int run_sync(const std::filesystem::path& dir, const std::filesystem::path& log, double seconds) {
    std::map<std::string, SyncRecord> seen;
    long audits = 0, passes = 0;
    double slowest_claim_ms = 0;
    try {
        SqliteStore store(dir);
        std::mt19937 rng(7);
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (Clock::now() < until) {
            const auto now = std::chrono::system_clock::now();
            const auto t0 = Clock::now();
            const auto batch = store.claim_batch(5, now);
            slowest_claim_ms =
                std::max(slowest_claim_ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            for (const auto& q : batch) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % 3));  // "the network"
                auto& rec = seen[q.session_id];
                if (q.attempts != rec.claims) throw std::runtime_error("attempts lost for " + q.session_id);
                ++rec.claims;
                const auto roll = rng() % 10;
                if (roll < 7) {
                    store.mark_sent(q.session_id, "QR/" + q.session_id, now);
                    rec.last = "sent";
                } else if (roll < 9) {
                    store.mark_failed(q.session_id, "HTTP 503", now);  // due again at once
                    rec.last = "failed";
                } else {
                    store.mark_rejected(q.session_id, "HTTP 422", now);
                    rec.last = "rejected";
                }
            }
            store.counts();
            store.audit("sync", "push", "ok", "", now);
            if (batch.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));  // idle: the interval
            ++audits;
            ++passes;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL (sync side): %s\n", e.what());
        return 1;
    }
    std::ofstream out(log);
    out << audits << '\n';
    for (const auto& [id, rec] : seen) out << id << ' ' << rec.claims << ' ' << rec.last << '\n';
    std::printf("sync: %ld passes, %zu responses handled, slowest claim %.1f ms\n", passes, seen.size(),
                slowest_claim_ms);
    return out ? 0 : 1;
}

// The kiosk side, in this process: sessions completed one after another until `seconds` have
// passed, each answer timed. False (with the message printed) on an error.
bool run_kiosk(const std::filesystem::path& dir, double seconds, std::vector<std::string>& completed_ids,
               std::vector<double>& answer_ms) {
    try {
        SqliteStore kiosk(dir);
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        long n = 0;
        while (Clock::now() < until) {
            const auto now = std::chrono::system_clock::now();
            const auto id = kiosk.start_session(sample_start(), now);
            for (int i = 1; i <= answers_per_session; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a (very quick) patient
                const auto t0 = Clock::now();
                kiosk.record_answer(id, choice("q" + std::to_string(i), "2"), now);
                answer_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            kiosk.complete_session(completed(id, answers_per_session), now);
            completed_ids.push_back(id);
            kiosk.set_state("sessions_today", std::to_string(++n));
            kiosk.audit("kiosk", "complete", "ok", "", now);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL (kiosk side): %s\n", e.what());
        return false;
    }
    return true;
}

// What sync says it did (its log), against the file: each response's state, attempts and server
// id. Sets `sync_audits` and `checked`; false (with the message printed) on a lost update.
bool check_sync_side(const TempDir& tmp, const std::filesystem::path& sync_log, long& sync_audits,
                     std::size_t& checked) {
    std::ifstream in(sync_log);
    in >> sync_audits;
    std::string id, last;
    int claims = 0;
    while (in >> id >> claims >> last) {
        const auto row = query_text(tmp.db(),
                                    "SELECT state || ' ' || attempts || ' ' || COALESCE(server_id, '-')"
                                    " FROM outbox WHERE session_id = '" +
                                        id + "'");
        const std::string state = last == "failed" ? "pending" : last;
        const std::string server = last == "sent" ? "QR/" + id : "-";
        const std::string expected = state + ' ' + std::to_string(claims) + ' ' + server;
        if (row != expected) {
            std::fprintf(stderr, "FAIL: lost update on %s: file has '%s', sync did '%s'\n", id.c_str(), row.c_str(),
                         expected.c_str());
            return false;
        }
        ++checked;
    }
    return true;
}

// What the kiosk did, against the file: every completed session queued with all its answers, the
// counter and the audit rows of both sides. False (with the message printed) otherwise.
bool check_kiosk_side(const TempDir& tmp, const std::vector<std::string>& completed_ids, long sync_audits) {
    for (const auto& cid : completed_ids) {
        const auto json = query_text(tmp.db(), "SELECT response_json FROM outbox WHERE session_id = '" + cid + "'");
        if (json.empty() || nlohmann::json::parse(json).at("answers").size() != answers_per_session) {
            std::fprintf(stderr, "FAIL: completed session %s is not queued with all its answers\n", cid.c_str());
            return false;
        }
    }
    const auto queued = query_int(tmp.db(), "SELECT COUNT(*) FROM outbox");
    const auto counter = query_int(tmp.db(), "SELECT value FROM kiosk_state WHERE key = 'sessions_today'");
    const auto audits = query_int(tmp.db(), "SELECT COUNT(*) FROM audit");
    const auto expected_audits = static_cast<long long>(completed_ids.size()) + sync_audits;
    if (queued != static_cast<long long>(completed_ids.size()) ||
        counter != static_cast<long long>(completed_ids.size()) || audits != expected_audits) {
        std::fprintf(stderr, "FAIL: queued %lld, counter %lld, audit %lld; expected %zu, %zu, %lld\n", queued, counter,
                     audits, completed_ids.size(), completed_ids.size(), expected_audits);
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 10;
    if (argc == 3 && std::string(argv[1]) == "--seconds") seconds = std::stod(argv[2]);
    TempDir tmp;
    { SqliteStore create(tmp.path()); }  // so that neither side races to create the schema
    const auto sync_log = tmp.path() / "sync.log";
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int rc = run_sync(tmp.path(), sync_log, seconds);
        std::fflush(nullptr);  // _exit does not flush
        _exit(rc);
    }

    std::vector<std::string> completed_ids;
    std::vector<double> answer_ms;
    if (!run_kiosk(tmp.path(), seconds, completed_ids, answer_ms)) {
        ::kill(pid, SIGKILL);
        return 1;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "FAIL: the sync side failed\n");
        return 1;
    }

    long sync_audits = 0;
    std::size_t checked = 0;
    if (!check_sync_side(tmp, sync_log, sync_audits, checked)) return 1;
    if (!check_kiosk_side(tmp, completed_ids, sync_audits)) return 1;
    std::sort(answer_ms.begin(), answer_ms.end());
    std::printf(
        "PASS: %.0f s; kiosk completed %zu sessions (answer median %.2f ms, p99 %.1f ms, max %.1f ms while sync ran); "
        "sync handled %zu; no error surfaced, no update lost\n",
        seconds, completed_ids.size(), answer_ms[answer_ms.size() / 2], answer_ms[answer_ms.size() * 99 / 100],
        answer_ms.back(), checked);
    return checked > 0 ? 0 : 1;
}
