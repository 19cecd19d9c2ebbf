// SqliteStore: retention. Sent responses and old audit rows are deleted in small transactions
// (the kiosk's next answer never waits long), with secure_delete on (store_schema.cpp) so that
// deleted text is overwritten, and the WAL is then checkpointed and truncated so that no older
// copy of a page survives there either.
#include <chrono>

#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"
#include "core/store/store_schema.h"

namespace alliance {

using store_schema::to_ms;

namespace {

std::int64_t cutoff_ms(WallTime now, int days) { return to_ms(now - std::chrono::hours(24) * days); }

// Sent responses of one session status ('completed' or 'stopped'); the outbox row and any
// answers cascade from the session.
constexpr const char* delete_sent_sessions =
    "DELETE FROM sessions WHERE id IN (SELECT o.session_id FROM outbox o JOIN sessions s ON s.id = o.session_id"
    " WHERE o.state = 'sent' AND o.sent_at_ms < ?1 AND s.status = ?3 LIMIT ?2)";

}  // namespace

int SqliteStore::delete_in_batches(const char* sql, std::int64_t cutoff, const char* status) {
    int deleted_total = 0;
    for (;;) {
        sqlite::Transaction t(*db_);
        auto st = db_->cached(sql);
        st.bind(1, cutoff).bind(2, static_cast<std::int64_t>(options_.purge_batch_rows));
        if (status != nullptr) st.bind(3, status);
        st.run();
        const auto deleted = db_->changes();
        t.commit();
        deleted_total += static_cast<int>(deleted);
        if (deleted < options_.purge_batch_rows) return deleted_total;
    }
}

int SqliteStore::purge_sent_before(WallTime cutoff) {
    sqlite::Operation op(*db_, "purge_sent_before");
    return delete_in_batches(
        "DELETE FROM sessions WHERE id IN (SELECT session_id FROM outbox WHERE state = 'sent' AND sent_at_ms < ?1"
        " LIMIT ?2)",
        to_ms(cutoff), nullptr);
}

PurgeReport SqliteStore::purge(const RetentionPolicy& policy, WallTime now) {
    sqlite::Operation op(*db_, "purge");
    PurgeReport report;
    report.responses = delete_in_batches(delete_sent_sessions, cutoff_ms(now, policy.sent_days), "completed") +
                       delete_in_batches(delete_sent_sessions, cutoff_ms(now, policy.stopped_days), "stopped");
    report.audit = delete_in_batches("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at_ms < ?1 LIMIT ?2)",
                                     cutoff_ms(now, policy.audit_days), nullptr);
    if (report.responses + report.audit > 0) {
        // The deleted rows' older page images are still in the WAL until it is copied back and
        // emptied. TRUNCATE waits (busy timeout) for the other process's readers to finish.
        auto checkpoint = db_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        checkpoint.run();
    }
    return report;
}

}  // namespace alliance
