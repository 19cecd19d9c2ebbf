#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/base/error_codes.h"

namespace alliance::sqlite {
namespace {

FaultHook& fault_hook() {
    static FaultHook hook;
    return hook;
}

int injected(Call call, std::string_view sql) {
    const auto& hook = fault_hook();
    return hook ? hook(call, sql) : SQLITE_OK;
}

const char* describe(StoreErrorKind kind) {
    switch (kind) {
        case StoreErrorKind::disk_full: return "the disk is full";
        case StoreErrorKind::io_error: return "a disk input/output error occurred";
        case StoreErrorKind::busy: return "the database stayed locked by another process";
        case StoreErrorKind::read_only: return "the database file is read-only";
        case StoreErrorKind::corrupt: return "the database file is damaged";
        case StoreErrorKind::newer_schema: return "the database is from a newer version";
        case StoreErrorKind::cannot_open: return "the database file cannot be opened";
        case StoreErrorKind::misuse: break;
    }
    return "the database refused the request";
}

}  // namespace

// One log line per error, so that the cause is on record whatever screen the UI then shows.
void throw_logged(const StoreError& error) {
    std::cerr << "alliance-store: " << error.code() << ": " << error.what() << "; " << what_to_do(error.code()) << '\n';
    throw error;
}

void set_fault_hook(FaultHook hook) { fault_hook() = std::move(hook); }

StoreErrorKind kind_of(int code) {
    switch (code & 0xFF) {
        case SQLITE_FULL: return StoreErrorKind::disk_full;
        case SQLITE_IOERR: return StoreErrorKind::io_error;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return StoreErrorKind::busy;
        case SQLITE_READONLY: return StoreErrorKind::read_only;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return StoreErrorKind::corrupt;
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_AUTH: return StoreErrorKind::cannot_open;
        default: return StoreErrorKind::misuse;
    }
}

// ---- Db ------------------------------------------------------------------------------------

Db::Db(const std::filesystem::path& file) : file_(file.string()) {
    int rc = injected(Call::open, file_);
    const bool fake = rc != SQLITE_OK;
    if (!fake) rc = sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        // sqlite3_open_v2 hands back a handle even on failure; it must still be closed.
        const int code = (!fake && db_) ? sqlite3_extended_errcode(db_) : rc;
        try {
            fail(code, fake);
        } catch (...) {
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw;
        }
    }
    sqlite3_extended_result_codes(db_, 1);
}

Db::~Db() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

void Db::fail(int code, bool fake) const {
    const StoreErrorKind kind = kind_of(code);
    std::string message = std::string("store: ") + operation_ + ": " + describe(kind) + " (" + file_ + "; SQLite " +
                          std::to_string(code) + ": ";
    // The connection's own message is more precise, unless the fault was injected.
    message += (!fake && db_ && sqlite3_extended_errcode(db_) == code) ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    message += ")";
    throw_logged(StoreError(kind, message));
}

void Db::misuse(const std::string& what) const {
    throw_logged(StoreError(StoreErrorKind::misuse, std::string("store: ") + operation_ + ": " + what));
}

void Db::exec(const char* sql) {
    int rc = injected(Call::exec, sql);
    const bool fake = rc != SQLITE_OK;
    if (!fake) rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(fake ? rc : sqlite3_extended_errcode(db_), fake);
}

Statement Db::prepare(const char* sql) {
    int rc = injected(Call::prepare, sql);
    const bool fake = rc != SQLITE_OK;
    sqlite3_stmt* stmt = nullptr;
    if (!fake) rc = sqlite3_prepare_v3(db_, sql, -1, 0, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(fake ? rc : sqlite3_extended_errcode(db_), fake);
    return Statement(*this, stmt);
}

std::int64_t Db::changes() const { return sqlite3_changes64(db_); }

bool Db::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Db::set_busy_timeout(int milliseconds) {
    busy_timeout_ms_ = milliseconds;
    sqlite3_busy_handler(db_, &Db::on_busy, this);
}

// SQLite's own busy_timeout sleeps up to 100 ms between tries; when the other process commits
// in quick succession (sync marking a batch) it can keep missing the gaps for seconds. Polling
// every millisecond catches them, so the kiosk's next answer waits milliseconds, not seconds.
int Db::on_busy(void* self, int tries) {
    auto* db = static_cast<Db*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (tries == 0) db->busy_since_ = now;
    if (now - db->busy_since_ >= std::chrono::milliseconds(db->busy_timeout_ms_)) return 0;  // give up: BUSY
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

// ---- Statement -----------------------------------------------------------------------------

Statement Db::cached(const std::string& sql) {
    if (auto found = cache_.find(sql); found != cache_.end()) {
        // A fault test sees every use, as with prepare().
        if (const int rc = injected(Call::prepare, sql); rc != SQLITE_OK) fail(rc, true);
        return Statement(*this, found->second, true);
    }
    Statement fresh = prepare(sql.c_str());
    cache_.emplace(sql, fresh.stmt_);
    fresh.borrowed_ = true;
    return fresh;
}

Statement::~Statement() {
    if (!borrowed_) {
        sqlite3_finalize(stmt_);
    } else if (stmt_ != nullptr) {
        sqlite3_reset(stmt_);  // ends any read it holds, for the next borrower
        sqlite3_clear_bindings(stmt_);
    }
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so temporaries are safe to bind.
    const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) db_->fail(rc, false);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail(rc, false);
    return *this;
}

bool Statement::step() {
    int rc = injected(Call::step, sqlite3_sql(stmt_));
    const bool fake = rc != SQLITE_OK;
    if (!fake) rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt_);  // ready to be bound and run again
        return false;
    }
    if (!fake) sqlite3_reset(stmt_);  // releases the statement's locks before the error propagates
    db_->fail(rc, fake);
}

void Statement::run() {
    while (step()) {}
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

// ---- Transaction ---------------------------------------------------------------------------

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (done_ || !db_.in_transaction()) return;  // SQLite may already have rolled back (e.g. on IOERR)
    try {
        db_.exec("ROLLBACK");
    } catch (const StoreError&) {
        // Nothing more to do: the error that brought us here is already propagating, and
        // an unfinished transaction is rolled back by SQLite when the connection closes.
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace alliance::sqlite
