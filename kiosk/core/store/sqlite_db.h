#pragma once
// The one thin wrapper around every sqlite3_* call the kiosk makes. It turns each failure into a
// typed StoreError naming the operation (never the values bound), and it lets a test make any call
// fail on demand (set_fault_hook), because a fault you cannot cause is a fault you have not handled.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace alliance::sqlite {

// The calls a fault can be injected into.
enum class Call { open, exec, prepare, step };

// Returns SQLITE_OK to let the call go ahead, or an SQLite result code (SQLITE_FULL, SQLITE_IOERR,
// SQLITE_BUSY, SQLITE_READONLY, SQLITE_CORRUPT ...) that the call then returns instead.
// `sql` is the statement text (the file path for Call::open).
using FaultHook = std::function<int(Call call, std::string_view sql)>;

// Process-wide; meant for tests. Not synchronised: install it before opening any store.
void set_fault_hook(FaultHook hook);

// Installs a hook for the lifetime of the object.
class ScopedFault {
public:
    explicit ScopedFault(FaultHook hook) { set_fault_hook(std::move(hook)); }
    ~ScopedFault() { set_fault_hook(nullptr); }
    ScopedFault(const ScopedFault&) = delete;
    ScopedFault& operator=(const ScopedFault&) = delete;
};

// Logs one line for `error` to stderr, then throws it. For the store's own checks (files, schema).
[[noreturn]] void throw_logged(const StoreError& error);

// The typed kind of an SQLite result code (primary or extended).
StoreErrorKind kind_of(int sqlite_code);

class Db;

// A prepared statement; finalized on destruction, or only reset when borrowed from Db's cache.
// Bind indexes start at 1, columns at 0.
class Statement {
public:
    Statement(Db& db, sqlite3_stmt* stmt, bool borrowed = false) : db_(&db), stmt_(stmt), borrowed_(borrowed) {}
    ~Statement();
    Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), borrowed_(o.borrowed_) { o.stmt_ = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);

    // Runs one step: true when a row is ready, false when done (the statement is then reset, so
    // it can be bound and run again). Throws StoreError.
    bool step();
    // Runs to completion, ignoring rows.
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::string text(int column) const;  // "" for NULL

private:
    friend class Db;
    Db* db_;
    sqlite3_stmt* stmt_;
    bool borrowed_;
};

// One connection. Methods throw StoreError; the destructor never throws.
class Db {
public:
    // Opens read-write, creating the file if needed; extended result codes on.
    explicit Db(const std::filesystem::path& file);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    void exec(const char* sql);
    Statement prepare(const char* sql);
    // The same statement, prepared once per connection and kept: for statements run once per
    // response or answer. The returned object resets it (and its bindings) when it goes out of
    // scope instead of finalizing it; do not hold two at once for the same text.
    Statement cached(const std::string& sql);
    std::int64_t changes() const;
    bool in_transaction() const;
    // Waits up to `milliseconds` for the other process's lock before SQLITE_BUSY.
    void set_busy_timeout(int milliseconds);

    // The operation named in error messages ("record_answer"); see Operation below.
    void set_operation(const char* name) { operation_ = name; }
    const char* operation() const { return operation_; }

    // Throws the StoreError for `code`, logging one line to stderr. Values are never included.
    [[noreturn]] void fail(int code, bool injected) const;
    // Throws StoreErrorKind::misuse (a caller's mistake, e.g. an unknown session), logged the same way.
    [[noreturn]] void misuse(const std::string& what) const;

private:
    sqlite3* db_ = nullptr;
    std::string file_;
    const char* operation_ = "open";
    int busy_timeout_ms_ = 0;
    std::chrono::steady_clock::time_point busy_since_;
    static int on_busy(void* self, int tries);
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Names the store operation in progress for error messages, for one scope.
class Operation {
public:
    Operation(Db& db, const char* name) : db_(db), previous_(db.operation()) { db.set_operation(name); }
    ~Operation() { db_.set_operation(previous_); }
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

private:
    Db& db_;
    const char* previous_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed. IMMEDIATE takes the
// write lock up front so that the busy timeout applies, instead of failing on lock upgrade.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

}  // namespace alliance::sqlite
