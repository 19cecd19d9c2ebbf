// Every failure SQLite can report becomes a typed StoreError naming the operation, and nothing
// already stored is touched. Faults are injected through the wrapper's hook (sqlite_db.h), or
// made for real where the machine allows (a lock held by another connection, damaged bytes).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "../store/store_fixture.h"
#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"

using namespace alliance;
using namespace alliance::test;

namespace {

// Makes calls of kind `call` whose SQL contains `needle` fail with `code`, `times` times.
sqlite::FaultHook fail_on(sqlite::Call call, std::string needle, int code, int times = 1000) {
    return [=, left = times](sqlite::Call c, std::string_view sql) mutable {
        if (c != call || sql.find(needle) == std::string_view::npos || left == 0) return SQLITE_OK;
        --left;
        return code;
    };
}

StoreError caught(const std::function<void()>& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e;
    }
    FAIL("expected a StoreError");
    return StoreError(StoreErrorKind::misuse, "");
}

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

const ResponseAnswer secret_answer{"comment", {std::string("SECRET-PATIENT-TEXT")}};

}  // namespace

TEST_CASE("every kind of store error has the code the out-of-service screen shows") {
    CHECK(StoreError(StoreErrorKind::disk_full, "").code() == "E-STORE-FULL");
    CHECK(StoreError(StoreErrorKind::io_error, "").code() == "E-STORE-IO");
    CHECK(StoreError(StoreErrorKind::busy, "").code() == "E-STORE-BUSY");
    CHECK(StoreError(StoreErrorKind::read_only, "").code() == "E-STORE-READONLY");
    CHECK(StoreError(StoreErrorKind::corrupt, "").code() == "E-STORE-CORRUPT");
    CHECK(StoreError(StoreErrorKind::newer_schema, "").code() == "E-STORE-NEWER");
    CHECK(StoreError(StoreErrorKind::cannot_open, "").code() == "E-STORE-OPEN");
    CHECK(StoreError(StoreErrorKind::misuse, "").code() == "E-STORE-MISUSE");
}

TEST_CASE("a store opens its connection with WAL, synchronous FULL and foreign keys on") {
    TempDir tmp;
    std::vector<std::string> seen;
    sqlite::ScopedFault spy([&](sqlite::Call, std::string_view sql) {
        seen.emplace_back(sql);
        return SQLITE_OK;
    });
    SqliteStore store(tmp.path());
    auto has = [&](const char* s) { return std::find(seen.begin(), seen.end(), s) != seen.end(); };
    CHECK(has("PRAGMA journal_mode = WAL"));
    CHECK(has("PRAGMA synchronous = FULL"));
    CHECK(has("PRAGMA foreign_keys = ON"));
}

TEST_CASE("a full disk while recording an answer is E-STORE-FULL, never shows the answer, and keeps earlier ones") {
    TempDir tmp;
    std::string id;
    {
        SqliteStore store(tmp.path());
        id = store.start_session(sample_start(), at(0));
        store.record_answer(id, choice("q1", "4"), at(1));
        sqlite::ScopedFault full(fail_on(sqlite::Call::step, "INSERT INTO answers", SQLITE_FULL));
        const auto e = caught([&] { store.record_answer(id, secret_answer, at(2)); });
        CHECK(e.kind() == StoreErrorKind::disk_full);
        CHECK(e.code() == "E-STORE-FULL");
        CHECK(std::string(e.what()).find("record_answer") != std::string::npos);
        CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
    }
    SqliteStore reopened(tmp.path());
    const auto answers = reopened.answers(id);
    REQUIRE(answers.size() == 1);
    CHECK(std::get<Coding>(answers[0].values[0]).code == "4");
}

TEST_CASE("a full disk at commit while completing leaves the session in progress and nothing queued") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "4"), at(1));
    store.record_answer(id, choice("q2", "2"), at(2));
    {
        sqlite::ScopedFault full(fail_on(sqlite::Call::exec, "COMMIT", SQLITE_FULL));
        CHECK(caught([&] { store.complete_session(completed(id, 2), at(3)); }).kind() == StoreErrorKind::disk_full);
    }
    CHECK(store.session_status(id) == "in_progress");
    CHECK(store.answers(id).size() == 2);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 0);
    store.complete_session(completed(id, 2), at(4));  // once there is room again, it goes through
    CHECK(store.counts().pending == 1);
}

TEST_CASE("an I/O error while queueing is E-STORE-IO and the completed session is not half-written") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.record_answer(id, choice("q1", "4"), at(1));
    {
        sqlite::ScopedFault io(fail_on(sqlite::Call::step, "INSERT INTO outbox", SQLITE_IOERR_WRITE));
        const auto e = caught([&] { store.complete_session(completed(id, 1), at(3)); });
        CHECK(e.kind() == StoreErrorKind::io_error);
        CHECK(e.code() == "E-STORE-IO");
        CHECK(std::string(e.what()).find("complete_session") != std::string::npos);
    }
    CHECK(store.session_status(id) == "in_progress");  // the status update was rolled back with it
    CHECK(store.answers(id).size() == 1);
    CHECK(query_int(tmp.db(), "SELECT COUNT(*) FROM outbox") == 0);
}

TEST_CASE("an I/O error while claiming leaves the queue as it was") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto id = store.start_session(sample_start(), at(0));
    store.complete_session(completed(id, 1), at(1));
    {
        sqlite::ScopedFault io(fail_on(sqlite::Call::step, "SET attempts = attempts + 1", SQLITE_IOERR_FSYNC));
        CHECK(caught([&] { store.claim_batch(5, at(2)); }).kind() == StoreErrorKind::io_error);
    }
    CHECK(query_text(tmp.db(), "SELECT state || '/' || attempts FROM outbox") == "pending/0");
    CHECK(store.claim_batch(5, at(3)).size() == 1);
}

TEST_CASE("a failure in the middle of start-up recovery leaves the rest in progress for the next start") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    const auto a = store.start_session(sample_start(), at(0));
    const auto b = store.start_session(sample_start(), at(1));
    {
        // The first close goes through; the second one's queue insert fails.
        int calls = 0;
        sqlite::ScopedFault io([&](sqlite::Call c, std::string_view sql) {
            if (c == sqlite::Call::step && sql.find("INSERT INTO outbox") != std::string_view::npos && ++calls == 2)
                return SQLITE_IOERR;
            return SQLITE_OK;
        });
        CHECK_THROWS_AS(store.recover_interrupted(PartialPolicy::keep, at(5)), StoreError);
    }
    CHECK(store.session_status(a) == "stopped");
    CHECK(store.session_status(b) == "in_progress");
    CHECK(store.recover_interrupted(PartialPolicy::keep, at(6)) == 1);
    CHECK(store.counts().pending == 2);
}

TEST_CASE("a database locked by the other process beyond the busy timeout is E-STORE-BUSY, then works") {
    TempDir tmp;
    SqliteStoreOptions options;
    options.busy_timeout_ms = 200;
    SqliteStore store(tmp.path(), options);
    const auto id = store.start_session(sample_start(), at(0));
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(tmp.db().c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto e = caught([&] { store.record_answer(id, choice("q1", "1"), at(1)); });
    CHECK(e.kind() == StoreErrorKind::busy);
    CHECK(e.code() == "E-STORE-BUSY");
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    store.record_answer(id, choice("q1", "1"), at(2));
    CHECK(store.answers(id).size() == 1);
}

TEST_CASE("busy injected into any write is E-STORE-BUSY and the kiosk state is unchanged") {
    TempDir tmp;
    SqliteStore store(tmp.path());
    store.set_state("default_language", "en");
    {
        sqlite::ScopedFault busy(fail_on(sqlite::Call::step, "INSERT INTO kiosk_state", SQLITE_BUSY));
        CHECK(caught([&] { store.set_state("default_language", "es"); }).code() == "E-STORE-BUSY");
    }
    CHECK(store.get_state("default_language") == "en");
}

TEST_CASE("a read-only database file is E-STORE-READONLY and what is stored is untouched") {
    TempDir tmp;
    std::string id;
    {
        SqliteStore store(tmp.path());
        id = store.start_session(sample_start(), at(0));
        store.record_answer(id, choice("q1", "4"), at(1));
    }
    if (::geteuid() != 0) {  // root writes through file permissions, so there the fault is injected only
        REQUIRE(::chmod(tmp.db().c_str(), 0400) == 0);
        CHECK(caught([&] { SqliteStore again(tmp.path()); }).code() == "E-STORE-READONLY");
        REQUIRE(::chmod(tmp.db().c_str(), 0600) == 0);
    }
    SqliteStore store(tmp.path());
    {
        sqlite::ScopedFault ro(fail_on(sqlite::Call::step, "INSERT INTO answers", SQLITE_READONLY));
        CHECK(caught([&] { store.record_answer(id, choice("q2", "1"), at(2)); }).code() == "E-STORE-READONLY");
    }
    CHECK(store.answers(id).size() == 1);
}

TEST_CASE("a file that is not a database is refused with E-STORE-CORRUPT and left as it was") {
    TempDir tmp;
    { std::ofstream(tmp.db(), std::ios::binary) << std::string(8192, 'x'); }
    const auto before = bytes_of(tmp.db());
    const auto e = caught([&] { SqliteStore store(tmp.path()); });
    CHECK(e.kind() == StoreErrorKind::corrupt);
    CHECK(e.code() == "E-STORE-CORRUPT");
    CHECK(std::string(e.what()).find("alliance.db") != std::string::npos);
    CHECK(bytes_of(tmp.db()) == before);
}

TEST_CASE("a database with a damaged page is refused at open with E-STORE-CORRUPT and left as it was") {
    TempDir tmp;
    {
        SqliteStore store(tmp.path());
        for (int i = 0; i < 40; ++i) {
            const auto id = store.start_session(sample_start(), at(i));
            store.complete_session(completed(id, 12), at(i));
        }
    }  // the last connection checkpoints the WAL into the file
    auto bytes = bytes_of(tmp.db());
    REQUIRE(bytes.size() > 4 * 4096);
    for (std::size_t i = 3 * 4096; i < 3 * 4096 + 200; ++i) bytes[i] = static_cast<char>(0xA5);
    { std::ofstream(tmp.db(), std::ios::binary | std::ios::trunc) << bytes; }
    CHECK(caught([&] { SqliteStore store(tmp.path()); }).kind() == StoreErrorKind::corrupt);
    CHECK(bytes_of(tmp.db()) == bytes);
}

TEST_CASE("a database from a newer version is refused with E-STORE-NEWER and never rewritten") {
    TempDir tmp;
    {
        SqliteStore store(tmp.path());
        store.set_state("k", "v");
    }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(tmp.db().c_str(), &raw) == SQLITE_OK);
    const std::string newer = std::to_string(SqliteStore::schema_version + 1);
    REQUIRE(sqlite3_exec(raw, ("PRAGMA user_version = " + newer).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    const auto before = bytes_of(tmp.db());
    const auto e = caught([&] { SqliteStore store(tmp.path()); });
    CHECK(e.kind() == StoreErrorKind::newer_schema);
    CHECK(e.code() == "E-STORE-NEWER");
    CHECK(std::string(e.what()).find("schema version " + newer) != std::string::npos);
    CHECK(bytes_of(tmp.db()) == before);
    CHECK(query_int(tmp.db(), "PRAGMA user_version") == SqliteStore::schema_version + 1);
}

TEST_CASE("a data directory that cannot be created is E-STORE-OPEN naming it") {
    TempDir tmp;
    { std::ofstream(tmp.path() / "a-file") << "not a directory"; }
    const auto e = caught([&] { SqliteStore store(tmp.path() / "a-file" / "data"); });
    CHECK(e.code() == "E-STORE-OPEN");
    CHECK(std::string(e.what()).find("a-file/data") != std::string::npos);
}

TEST_CASE("a database file SQLite cannot open is E-STORE-OPEN") {
    TempDir tmp;
    sqlite::ScopedFault cannot(fail_on(sqlite::Call::open, "alliance.db", SQLITE_CANTOPEN));
    CHECK(caught([&] { SqliteStore store(tmp.path()); }).code() == "E-STORE-OPEN");
}
