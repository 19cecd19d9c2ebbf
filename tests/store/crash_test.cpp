// Crash test (issue 3): a child process records and completes sessions in a loop, as the kiosk
// does, and is killed with SIGKILL at random moments. After every kill the parent checks that
//   - the file passes PRAGMA integrity_check,
//   - every session the child reported completed (reported only AFTER complete_session returned)
//     is present, completed and queued exactly once,
//   - no half-answered session shows as completed, and every closed session is queued once.
// Each restart of the child runs start-up recovery first, as the kiosk does.
// SIGKILL tests a crashed process (the OS keeps its writes); power loss is SQLite's WAL + FULL
// sync guarantee, which this cannot show.
//
// Usage: store_crash_test [--kills N] [--answers N] [--seed N]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "core/store/sqlite_store.h"
#include "store_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

int answers_per_session = 8;

[[noreturn]] void run_child(const std::filesystem::path& dir, int report_fd, unsigned seed) {
    try {
        std::mt19937 rng(seed);
        SqliteStore store(dir);
        store.recover_interrupted(seed % 2 ? PartialPolicy::keep : PartialPolicy::discard,
                                  std::chrono::system_clock::now());
        for (int n = 0;; ++n) {
            const auto now = std::chrono::system_clock::now;
            const auto id = store.start_session(sample_start(), now());
            for (int i = 1; i <= answers_per_session; ++i) {
                store.record_answer(id, choice("q" + std::to_string(i), std::to_string(rng() % 5)), now());
                if (rng() % 4 == 0) store.record_answer(id, choice("q" + std::to_string(i), "0"), now());  // Back
            }
            store.complete_session(completed(id, answers_per_session), now());
            const std::string line = id + "\n";
            if (::write(report_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
            if (n % 3 == 0) {  // sync's part, in the same process for simplicity
                for (const auto& q : store.claim_batch(2, now()))
                    store.mark_sent(q.session_id, "QR/" + q.session_id, now());
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child: %s\n", e.what());
        _exit(3);
    }
}

struct Row {
    std::string status;
    int queued = 0;
    int answers_frozen = -1;
    std::string frozen_status;
};

// Returns "" when the file is consistent, else what is wrong.
std::string check(const std::filesystem::path& db, const std::filesystem::path& report, std::size_t& reported) {
    // A child killed within its first milliseconds (a busy machine) may not have created the file.
    if (!std::filesystem::exists(db)) return std::filesystem::file_size(report) == 0 ? "" : "the database file is gone";
    const auto integrity = query_text(db, "PRAGMA integrity_check");
    if (integrity != "ok") return "integrity_check: " + integrity;

    std::map<std::string, Row> rows;
    sqlite3* raw = nullptr;
    sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT s.id, s.status, o.response_json,"
                       " (SELECT COUNT(*) FROM outbox WHERE session_id = s.id),"
                       " (SELECT COUNT(*) FROM answers WHERE session_id = s.id)"
                       " FROM sessions s LEFT JOIN outbox o ON o.session_id = s.id",
                       -1, &st, nullptr);
    std::string problem;
    while (sqlite3_step(st) == SQLITE_ROW) {
        Row r;
        const std::string id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        r.status = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        r.queued = sqlite3_column_int(st, 3);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
            const auto j = nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)));
            r.answers_frozen = static_cast<int>(j.at("answers").size());
            r.frozen_status = j.at("status").get<std::string>();
        }
        const bool closed = r.status != "in_progress";
        if (closed && r.queued != 1)
            problem = "closed session " + id + " queued " + std::to_string(r.queued) + " times";
        if (!closed && r.queued != 0) problem = "session in progress " + id + " is queued";
        if (closed && sqlite3_column_int(st, 4) != 0) problem = "closed session " + id + " kept working answers";
        if (r.status == "completed" && (r.answers_frozen != answers_per_session || r.frozen_status != "completed"))
            problem = "session " + id + " shows as completed with " + std::to_string(r.answers_frozen) + " answers";
        rows[id] = r;
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    if (!problem.empty()) return problem;

    std::ifstream in(report);
    std::string id;
    reported = 0;
    while (std::getline(in, id)) {
        ++reported;
        const auto it = rows.find(id);
        if (it == rows.end()) return "reported-completed session " + id + " is missing";
        if (it->second.status != "completed" || it->second.queued != 1)
            return "reported-completed session " + id + " is " + it->second.status + ", queued " +
                   std::to_string(it->second.queued) + " times";
    }
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    int kills = 200;
    unsigned seed = std::random_device{}();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--kills")
            kills = std::stoi(argv[i + 1]);
        else if (flag == "--answers")
            answers_per_session = std::stoi(argv[i + 1]);
        else if (flag == "--seed")
            seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else {
            std::fprintf(stderr, "usage: %s [--kills N] [--answers N] [--seed N]\n", argv[0]);
            return 2;
        }
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::printf("store crash test: %d kills, seed %u\n", kills, seed);
    std::mt19937 rng(seed);
    TempDir tmp;
    const auto report = tmp.path() / "completed.log";
    const int report_fd = ::open(report.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const auto started = std::chrono::steady_clock::now();
    std::size_t reported = 0;
    for (int k = 1; k <= kills; ++k) {
        const unsigned child_seed = static_cast<unsigned>(rng());
        // Mostly mid-session, sometimes during open and recovery.
        const int delay_ms = rng() % 10 < 3 ? static_cast<int>(rng() % 10) : 10 + static_cast<int>(rng() % 390);
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        if (pid < 0) {
            std::perror("fork");
            return 1;
        }
        if (pid == 0) run_child(tmp.path(), report_fd, child_seed);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!WIFSIGNALED(status)) {
            std::fprintf(stderr, "FAIL after kill %d: the child stopped by itself (exit %d)\n", k, WEXITSTATUS(status));
            return 1;
        }
        if (const auto problem = check(tmp.db(), report, reported); !problem.empty()) {
            std::fprintf(stderr, "FAIL after kill %d (delay %d ms, seed %u): %s\n", k, delay_ms, seed, problem.c_str());
            return 1;
        }
    }
    ::close(report_fd);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "PASS: %d kills in %.1f s; %zu sessions reported completed, all present and queued once; "
        "%lld sessions in the file; integrity ok after every kill\n",
        kills, seconds, reported, query_int(tmp.db(), "SELECT COUNT(*) FROM sessions"));
    return reported > 0 ? 0 : 1;  // a run that never completed a session proved nothing
}
