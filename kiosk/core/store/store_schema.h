#pragma once
// Opening the database file safely: owner-only permissions, connection settings, the schema
// version check and the forward migrations. Internal to the store.
#include <chrono>
#include <cstdint>
#include <filesystem>

#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"

namespace alliance::store_schema {

// Creates `dir` (0700) if missing and the database file (0600) if missing; narrows the file's
// and its -wal/-shm files' permissions to the owner if they are wider. Throws StoreError.
void secure_files(const std::filesystem::path& dir, const std::filesystem::path& file);

// Refuses a newer schema (before anything is written), then sets WAL, foreign keys, the
// synchronous level and the busy timeout, checks the file and migrates it forward.
void prepare(sqlite::Db& db, int busy_timeout_ms, SqliteStoreOptions::Synchronous synchronous);

// Wall time as stored: integer milliseconds since the Unix epoch.
std::int64_t to_ms(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point from_ms(std::int64_t ms);

}  // namespace alliance::store_schema
