#include "core/store/store_schema.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <string>

#include "core/base/file_owner.h"
#include "core/store/sqlite_store.h"

namespace alliance::store_schema {
namespace {

namespace fs = std::filesystem;

// The forward migrations: entry N takes a database from user_version N to N + 1. Applied as a
// plain fall-through sequence; an entry is never edited once released, only new ones appended.
constexpr const char* migrations[] = {
    // 0 -> 1: the first schema.
    R"sql(
    CREATE TABLE sessions (
        id                    TEXT PRIMARY KEY,
        status                TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'stopped')),
        questionnaire_url     TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL DEFAULT '',
        language              TEXT NOT NULL DEFAULT '',
        kiosk_id              TEXT NOT NULL DEFAULT '',
        therapist_id          TEXT NOT NULL DEFAULT '',
        therapist_name        TEXT NOT NULL DEFAULT '',
        visit_code            TEXT NOT NULL DEFAULT '',
        started_at_ms         INTEGER NOT NULL,
        ended_at_ms           INTEGER
    );
    CREATE INDEX sessions_in_progress ON sessions (started_at_ms) WHERE status = 'in_progress';

    -- Working answers of sessions in progress; frozen into outbox.response_json and deleted
    -- when the session closes.
    CREATE TABLE answers (
        session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        link_id     TEXT NOT NULL,
        values_json TEXT NOT NULL,
        at_ms       INTEGER NOT NULL,
        UNIQUE (session_id, link_id)
    );

    -- The upload queue: one frozen response per closed session.
    CREATE TABLE outbox (
        seq                INTEGER PRIMARY KEY,
        session_id         TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
        response_json      TEXT NOT NULL,
        state              TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
        attempts           INTEGER NOT NULL DEFAULT 0,
        queued_at_ms       INTEGER NOT NULL,
        next_attempt_at_ms INTEGER NOT NULL,
        claimed_by         TEXT,
        claimed_at_ms      INTEGER,
        last_error         TEXT,
        last_error_seq     INTEGER,
        server_id          TEXT,
        sent_at_ms         INTEGER,
        rejected_at_ms     INTEGER
    );
    CREATE INDEX outbox_pending ON outbox (queued_at_ms, seq) WHERE state = 'pending';
    CREATE INDEX outbox_sent ON outbox (sent_at_ms) WHERE state = 'sent';
    CREATE INDEX outbox_errors ON outbox (last_error_seq) WHERE last_error_seq IS NOT NULL;

    CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at_ms   INTEGER NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE kiosk_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    )sql",
    // 1 -> 2: the `held` state (a response that failed on its own max_attempts times waits for
    // `alliance-sync requeue`), the count of those failures, and an index for audit retention.
    // SQLite cannot change a CHECK constraint in place: the outbox is copied into a new table.
    R"sql(
    CREATE TABLE outbox_v2 (
        seq                INTEGER PRIMARY KEY,
        session_id         TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
        response_json      TEXT NOT NULL,
        state              TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected', 'held')),
        attempts           INTEGER NOT NULL DEFAULT 0,
        queued_at_ms       INTEGER NOT NULL,
        next_attempt_at_ms INTEGER NOT NULL,
        claimed_by         TEXT,
        claimed_at_ms      INTEGER,
        last_error         TEXT,
        last_error_seq     INTEGER,
        server_id          TEXT,
        sent_at_ms         INTEGER,
        rejected_at_ms     INTEGER,
        own_failures       INTEGER NOT NULL DEFAULT 0,
        held_at_ms         INTEGER
    );
    INSERT INTO outbox_v2 (seq, session_id, response_json, state, attempts, queued_at_ms, next_attempt_at_ms,
                           claimed_by, claimed_at_ms, last_error, last_error_seq, server_id, sent_at_ms,
                           rejected_at_ms)
        SELECT seq, session_id, response_json, state, attempts, queued_at_ms, next_attempt_at_ms, claimed_by,
               claimed_at_ms, last_error, last_error_seq, server_id, sent_at_ms, rejected_at_ms FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v2 RENAME TO outbox;
    CREATE INDEX outbox_pending ON outbox (queued_at_ms, seq) WHERE state = 'pending';
    CREATE INDEX outbox_sent ON outbox (sent_at_ms) WHERE state = 'sent';
    CREATE INDEX outbox_errors ON outbox (last_error_seq) WHERE last_error_seq IS NOT NULL;
    CREATE INDEX audit_at ON audit (at_ms);
    )sql",
};
static_assert(std::size(migrations) == SqliteStore::schema_version,
              "one migration per schema version: append a migration when raising schema_version");

[[noreturn]] void file_error(const std::string& what, const fs::path& path, int error) {
    StoreErrorKind kind = StoreErrorKind::cannot_open;
    if (error == ENOSPC || error == EDQUOT) kind = StoreErrorKind::disk_full;
    if (error == EROFS || error == EACCES) kind = StoreErrorKind::read_only;
    if (error == EIO) kind = StoreErrorKind::io_error;
    sqlite::throw_logged(
        StoreError(kind, "store: open: cannot " + what + " " + path.string() + " (" + std::strerror(error) + ")"));
}

// Removes group and other permissions from an existing file; a missing file is fine.
void narrow_to_owner(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return;
    if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), st.st_mode & 0700) != 0)
        file_error("restrict the permissions of", path, errno);
}

int user_version(sqlite::Db& db) {
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

std::string single_text(sqlite::Db& db, const char* sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.text(0) : std::string();
}

void refuse_if_newer(int version) {
    if (version > SqliteStore::schema_version)
        sqlite::throw_logged(
            StoreError(StoreErrorKind::newer_schema,
                       "store: open: the database has schema version " + std::to_string(version) +
                           " but this program knows only up to " + std::to_string(SqliteStore::schema_version) +
                           "; it was written by a newer Alliance Kiosk and is left untouched (install that version)"));
}

void migrate(sqlite::Db& db) {
    sqlite::Transaction t(db);
    int version = user_version(db);  // again, under the write lock: the other process may have migrated
    refuse_if_newer(version);
    for (; version < SqliteStore::schema_version; ++version) db.exec(migrations[version]);
    db.exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
    t.commit();
}

}  // namespace

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_ms(std::int64_t ms) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

void secure_files(const fs::path& dir, const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) file_error("create the data directory", dir, ec.value());
        // Explicitly, as the umask may be wider; only a directory we created is changed.
        if (::chmod(dir.c_str(), 0700) != 0) file_error("restrict the permissions of", dir, errno);
    }
    // A directory or file this user may not write (typically left by a command run as root):
    // say which, whose it is, and the command that hands it back, rather than "Permission denied".
    for (const fs::path& path : {dir, file, fs::path(file.string() + "-wal"), fs::path(file.string() + "-shm")}) {
        const int wanted = path == dir ? (R_OK | W_OK | X_OK) : (R_OK | W_OK);
        if (::access(path.c_str(), F_OK) == 0 && ::access(path.c_str(), wanted) != 0 && errno == EACCES) {
            sqlite::throw_logged(StoreError(StoreErrorKind::read_only, "store: open: cannot write " + path.string() +
                                                                           ": " + hand_back_advice(path, dir)));
        }
    }
    // Created here rather than by SQLite so that it is 0600 whatever the umask; SQLite gives the
    // -wal and -shm files the same permissions as the database file.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) file_error("open", file, errno);
    ::close(fd);
    for (const char* suffix : {"", "-wal", "-shm"}) narrow_to_owner(file.string() + suffix);
}

void prepare(sqlite::Db& db, int busy_timeout_ms, SqliteStoreOptions::Synchronous synchronous) {
    db.set_busy_timeout(busy_timeout_ms);
    // Checked before anything could write to the file: a newer database is never rewritten.
    const int seen = user_version(db);
    refuse_if_newer(seen);
    if (single_text(db, "PRAGMA journal_mode = WAL") != "wal")
        db.misuse("the database could not be switched to WAL mode");
    using Synchronous = SqliteStoreOptions::Synchronous;
    db.exec(synchronous == Synchronous::full     ? "PRAGMA synchronous = FULL"
            : synchronous == Synchronous::normal ? "PRAGMA synchronous = NORMAL"
                                                 : "PRAGMA synchronous = OFF");
    db.exec("PRAGMA foreign_keys = ON");
    // Deleted rows (a purge, a discarded session) are overwritten with zeros, so that a patient's
    // words cannot be read back from free pages, whatever SQLite's build default.
    db.exec("PRAGMA secure_delete = ON");
    if (auto check = single_text(db, "PRAGMA quick_check"); check != "ok") {
        check.resize(std::min<std::size_t>(check.size(), 200));
        std::replace(check.begin(), check.end(), '\n', ' ');  // one log line
        sqlite::throw_logged(StoreError(StoreErrorKind::corrupt,
                                        "store: open: the database file is damaged (quick_check: " + check + ")"));
    }
    if (seen < SqliteStore::schema_version) migrate(db);
}

}  // namespace alliance::store_schema
