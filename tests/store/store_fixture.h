#pragma once
// Shared by the store's unit tests, crash and concurrency programs and benchmark: a temporary
// data directory, a fixed clock, sample sessions, and a raw look into the file (plain sqlite3,
// independent of the store under test).
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/questionnaire/response.h"
#include "core/store/store.h"

namespace alliance::test {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "alliance-store-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path db() const { return path_ / "alliance.db"; }

private:
    std::filesystem::path path_;
};

// A fixed clock: `at(90)` is 90 seconds after 2027-01-15T08:00:00Z.
inline WallTime at(std::int64_t seconds) { return WallTime(std::chrono::seconds(1'800'000'000 + seconds)); }

inline SessionStart sample_start(const std::string& language = "en") {
    return {"https://alliance.example.org/Questionnaire/alliance-check", "1.0.0", language, "front-desk-1"};
}

inline ResponseAnswer choice(const std::string& link_id, const std::string& code) {
    return {link_id, {Coding{"https://alliance.example.org/CodeSystem/agreement", code, "Often"}}};
}

// The response the session flow would freeze for `session_id` after answering items q1..qN.
inline Response completed(const std::string& session_id, int answers) {
    Response r;
    r.session_id = session_id;
    r.status = "completed";
    for (int i = 1; i <= answers; ++i) r.answers.push_back(choice("q" + std::to_string(i), std::to_string(i % 5)));
    r.scores["total"] = answers;
    return r;
}

// Starts a session at at(seconds), records q1..qN and completes it; returns its id.
inline std::string complete_one(Store& store, std::int64_t seconds, int answers = 1) {
    const auto id = store.start_session(sample_start(), at(seconds));
    for (int i = 1; i <= answers; ++i) store.record_answer(id, choice("q" + std::to_string(i), "3"), at(seconds));
    store.complete_session(completed(id, answers), at(seconds));
    return id;
}

// A read-only look at the database file with plain sqlite3: the first column of the first row
// of `sql` as text ("" when there is no row).
inline std::string query_text(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + file.string());
    }
    sqlite3_busy_timeout(db, 5000);
    std::string out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error("bad test query: " + msg);
    }
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        out = "error: " + std::string(sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

inline long long query_int(const std::filesystem::path& file, const std::string& sql) {
    const std::string s = query_text(file, sql);
    return s.empty() ? 0 : std::stoll(s);
}

}  // namespace alliance::test
