#include "core/store/store.h"

#include "core/store/sqlite_store.h"

namespace alliance {

std::string StoreError::code() const {
    switch (kind_) {
        case StoreErrorKind::disk_full: return "E-STORE-FULL";
        case StoreErrorKind::io_error: return "E-STORE-IO";
        case StoreErrorKind::busy: return "E-STORE-BUSY";
        case StoreErrorKind::read_only: return "E-STORE-READONLY";
        case StoreErrorKind::corrupt: return "E-STORE-CORRUPT";
        case StoreErrorKind::newer_schema: return "E-STORE-NEWER";
        case StoreErrorKind::cannot_open: return "E-STORE-OPEN";
        case StoreErrorKind::misuse: return "E-STORE-MISUSE";
    }
    return "E-STORE";
}

std::unique_ptr<Store> Store::open(const std::filesystem::path& dir, User user) {
    SqliteStoreOptions options;
    if (user == User::sync) options.synchronous = SqliteStoreOptions::Synchronous::normal;
    return std::make_unique<SqliteStore>(dir, options);
}

}  // namespace alliance
