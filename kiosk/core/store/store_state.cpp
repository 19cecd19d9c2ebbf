// SqliteStore: small kiosk state that survives a restart, and the audit trail.
#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"
#include "core/store/store_schema.h"

namespace alliance {

std::optional<std::string> SqliteStore::get_state(const std::string& key) {
    sqlite::Operation op(*db_, "get_state");
    auto st = db_->prepare("SELECT value FROM kiosk_state WHERE key = ?1");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void SqliteStore::set_state(const std::string& key, const std::string& value) {
    sqlite::Operation op(*db_, "set_state");
    db_->prepare(
           "INSERT INTO kiosk_state (key, value) VALUES (?1, ?2)"
           " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

void SqliteStore::audit(const std::string& actor, const std::string& action, const std::string& outcome,
                        const std::string& detail, WallTime now) {
    sqlite::Operation op(*db_, "audit");
    db_->prepare("INSERT INTO audit (at_ms, actor, action, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, store_schema::to_ms(now))
        .bind(2, actor)
        .bind(3, action)
        .bind(4, outcome)
        .bind(5, detail)
        .run();
}

std::vector<AuditEntry> SqliteStore::recent_audit(std::size_t max) {
    sqlite::Operation op(*db_, "recent_audit");
    auto st = db_->prepare("SELECT at_ms, actor, action, outcome, detail FROM audit ORDER BY id DESC LIMIT ?1");
    st.bind(1, static_cast<std::int64_t>(max));
    std::vector<AuditEntry> out;
    while (st.step())
        out.push_back({store_schema::from_ms(st.int64(0)), st.text(1), st.text(2), st.text(3), st.text(4)});
    return out;
}

}  // namespace alliance
