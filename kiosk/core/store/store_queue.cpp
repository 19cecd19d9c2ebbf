// SqliteStore: the upload queue (outbox) that sync claims and marks. Retention is in
// store_retention.cpp.
// States: pending -> sent | rejected | held; a failed attempt stays pending with a later next
// attempt; held and rejected go back to pending only through requeue().

#include "core/store/sqlite_db.h"
#include "core/store/sqlite_store.h"
#include "core/store/store_schema.h"

namespace alliance {

using store_schema::from_ms;
using store_schema::to_ms;

namespace {

// Orders errors without a clock: mark_failed is given only the next attempt time.
constexpr const char* next_error_seq = "(SELECT COALESCE(MAX(last_error_seq), 0) + 1 FROM outbox)";

struct ClaimedRow {
    std::int64_t seq = 0;
    bool readable = true;
    QueuedResponse queued;
};

}  // namespace

std::vector<QueuedResponse> SqliteStore::claim_batch(std::size_t max, WallTime now) {
    sqlite::Operation op(*db_, "claim_batch");
    if (max == 0) return {};
    const auto now_ms = to_ms(now);
    sqlite::Transaction t(*db_);
    // Only `max` rows are read: the queue is streamed a batch at a time, never loaded whole.
    // Our own unmarked claims are skipped until their lease runs out, so that a caller that
    // lost track of one cannot spin on it; anyone else's claim is fair game (its owner crashed,
    // and the server's conditional create makes a second send harmless).
    std::vector<ClaimedRow> rows;
    {
        auto select = db_->cached(
            "SELECT seq, session_id, attempts, response_json, own_failures FROM outbox"
            " WHERE state = 'pending' AND next_attempt_at_ms <= ?1"
            " AND NOT (claimed_by IS ?2 AND claimed_at_ms > ?3)"
            " ORDER BY queued_at_ms, seq LIMIT ?4");
        select.bind(1, now_ms)
            .bind(2, claim_token_)
            .bind(3, now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(options_.claim_lease).count())
            .bind(4, static_cast<std::int64_t>(max));
        while (select.step()) {
            ClaimedRow row;
            row.seq = select.int64(0);
            row.queued.session_id = select.text(1);
            row.queued.attempts = static_cast<int>(select.int64(2));
            row.queued.own_failures = static_cast<int>(select.int64(4));
            try {
                row.queued.response = response_from_text(select.text(3));
            } catch (const std::exception&) {
                row.readable = false;  // never for a response this store froze; set aside below
            }
            rows.push_back(std::move(row));
        }
    }
    // The attempt is counted before any network I/O: a crash from here on leaves it pending.
    auto mark = db_->cached(
        "UPDATE outbox SET attempts = attempts + 1, claimed_by = ?2, claimed_at_ms = ?3 WHERE seq "
        "= ?1");
    // A damaged row is rejected (needs attention) so that it never blocks the queue.
    auto set_aside = db_->cached(std::string("UPDATE outbox SET state = 'rejected', rejected_at_ms = ?2, last_error = "
                                             "'the stored response is unreadable', last_error_seq = ") +
                                 next_error_seq + " WHERE seq = ?1");
    std::vector<QueuedResponse> batch;
    for (auto& row : rows) {
        if (row.readable) {
            mark.bind(1, row.seq).bind(2, claim_token_).bind(3, now_ms).run();
            batch.push_back(std::move(row.queued));
        } else {
            set_aside.bind(1, row.seq).bind(2, now_ms).run();
        }
    }
    t.commit();
    return batch;
}

void SqliteStore::update_pending(const char* sql, const std::string& session_id, const std::string& text,
                                 std::int64_t time_ms) {
    db_->cached(sql).bind(1, session_id).bind(2, text).bind(3, time_ms).run();
    if (db_->changes() > 0) return;
    // Not pending: already sent or rejected (left as it is), or never queued (the caller's
    // mistake).
    auto st = db_->cached("SELECT 1 FROM outbox WHERE session_id = ?1");
    st.bind(1, session_id);
    if (!st.step()) db_->misuse("no queued response for session " + session_id);
}

void SqliteStore::mark_sent(const std::string& session_id, const std::string& server_id, WallTime now) {
    sqlite::Operation op(*db_, "mark_sent");
    update_pending(
        "UPDATE outbox SET state = 'sent', server_id = ?2, sent_at_ms = ?3, claimed_by = NULL,"
        " claimed_at_ms = NULL WHERE session_id = ?1 AND state = 'pending'",
        session_id, server_id, to_ms(now));
}

void SqliteStore::mark_failed(const std::string& session_id, const std::string& error, WallTime next_attempt) {
    sqlite::Operation op(*db_, "mark_failed");
    update_pending((std::string("UPDATE outbox SET last_error = ?2, next_attempt_at_ms = ?3, claimed_by = NULL,"
                                " claimed_at_ms = NULL, last_error_seq = ") +
                    next_error_seq + " WHERE session_id = ?1 AND state = 'pending'")
                       .c_str(),
                   session_id, error, to_ms(next_attempt));
}

void SqliteStore::mark_rejected(const std::string& session_id, const std::string& reason, WallTime now) {
    sqlite::Operation op(*db_, "mark_rejected");
    update_pending((std::string("UPDATE outbox SET state = 'rejected', last_error = ?2, rejected_at_ms = ?3,"
                                " claimed_by = NULL, claimed_at_ms = NULL, last_error_seq = ") +
                    next_error_seq + " WHERE session_id = ?1 AND state = 'pending'")
                       .c_str(),
                   session_id, reason, to_ms(now));
}

bool SqliteStore::mark_failed_own(const std::string& session_id, const std::string& error, WallTime next_attempt,
                                  int max_failures, WallTime now) {
    sqlite::Operation op(*db_, "mark_failed_own");
    update_pending((std::string("UPDATE outbox SET last_error = ?2, next_attempt_at_ms = ?3, claimed_by = NULL,"
                                " claimed_at_ms = NULL, own_failures = own_failures + 1, last_error_seq = ") +
                    next_error_seq + " WHERE session_id = ?1 AND state = 'pending'")
                       .c_str(),
                   session_id, error, to_ms(next_attempt));
    db_->cached(
           "UPDATE outbox SET state = 'held', held_at_ms = ?3 WHERE session_id = ?1 AND state = 'pending'"
           " AND own_failures >= ?2")
        .bind(1, session_id)
        .bind(2, static_cast<std::int64_t>(max_failures))
        .bind(3, to_ms(now))
        .run();
    return db_->changes() > 0;
}

int SqliteStore::requeue(const RequeueSelection& selection, WallTime now) {
    sqlite::Operation op(*db_, "requeue");
    // Back to the queue as if new: due now, own failures and claim forgotten; the attempts so far
    // and the last error stay for `export`.
    const std::string back =
        "UPDATE outbox SET state = 'pending', next_attempt_at_ms = ?1, own_failures = 0, held_at_ms = NULL,"
        " rejected_at_ms = NULL, claimed_by = NULL, claimed_at_ms = NULL WHERE ";
    std::int64_t count = 0;
    auto run = [&](const std::string& where, const std::string* id) {
        auto st = db_->prepare((back + where).c_str());
        st.bind(1, to_ms(now));
        if (id) st.bind(2, *id);
        st.run();
        count += db_->changes();
    };
    if (selection.held) run("state = 'held'", nullptr);
    if (selection.rejected) run("state = 'rejected'", nullptr);
    for (const auto& id : selection.session_ids)
        run("session_id = ?2 AND state IN ('pending', 'held', 'rejected')", &id);
    return static_cast<int>(count);
}

void SqliteStore::release_claim(const std::string& session_id) {
    sqlite::Operation op(*db_, "release_claim");
    db_->cached(
           "UPDATE outbox SET attempts = MAX(attempts - 1, 0), claimed_by = NULL, claimed_at_ms = "
           "NULL"
           " WHERE session_id = ?1 AND state = 'pending' AND claimed_by = ?2")
        .bind(1, session_id)
        .bind(2, claim_token_)
        .run();
}

void SqliteStore::write_together(const std::function<void()>& writes) {
    sqlite::Operation op(*db_, "write_together");
    sqlite::Transaction t(*db_);
    writes();
    t.commit();
}

QueueCounts SqliteStore::counts() {
    sqlite::Operation op(*db_, "counts");
    // One statement, so one consistent snapshot while the other process writes.
    auto st = db_->prepare(
        "SELECT COALESCE(SUM(state = 'pending'), 0),"
        " COALESCE(SUM(state = 'pending' AND last_error IS NOT NULL), 0),"
        " COALESCE(SUM(state = 'rejected'), 0), COALESCE(SUM(state = 'sent'), 0),"
        " COALESCE(SUM(state = 'held'), 0),"
        " (SELECT MAX(sent_at_ms) FROM outbox WHERE state = 'sent'),"
        " (SELECT last_error FROM outbox WHERE last_error_seq IS NOT NULL ORDER BY last_error_seq "
        "DESC LIMIT 1)"
        " FROM outbox");
    st.step();
    QueueCounts c;
    c.pending = st.int64(0);
    c.failed = st.int64(1);
    c.rejected = st.int64(2);
    c.sent = st.int64(3);
    c.held = st.int64(4);
    if (!st.is_null(5)) c.last_sent_at = from_ms(st.int64(5));
    c.last_error = st.text(6);
    return c;
}

void SqliteStore::for_each_stored_response(const std::function<void(const StoredResponse&)>& visit) {
    sqlite::Operation op(*db_, "export");
    auto page = db_->prepare(
        "SELECT seq, state, attempts, server_id, last_error, response_json FROM outbox"
        " WHERE seq > ?1 ORDER BY seq LIMIT 500");
    std::int64_t after = 0;
    for (bool more = true; more;) {
        more = false;
        page.bind(1, after);
        while (page.step()) {
            more = true;
            after = page.int64(0);
            StoredResponse row;
            row.state = page.text(1);
            row.attempts = static_cast<int>(page.int64(2));
            row.server_id = page.text(3);
            row.last_error = page.text(4);
            row.response = response_from_text(page.text(5));
            visit(row);
        }
    }
}

}  // namespace alliance
