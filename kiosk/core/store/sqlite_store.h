#pragma once
// The SQLite implementation of Store (core/store/store.h); see kiosk/README.md, "Local store", for the
// schema, the queue states and what happens on each kind of failure.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/store.h"

namespace alliance {

namespace sqlite {
class Db;
}

struct SqliteStoreOptions {
    // How long a write waits for the other process (kiosk or sync) before E-STORE-BUSY.
    int busy_timeout_ms = 5000;
    // A response claimed by this store object and not yet marked is not handed out again by it
    // for this long (another process, or this one after a restart, may claim it at once).
    std::chrono::seconds claim_lease{300};
    // Rows deleted per transaction by purge_sent_before, so the UI never waits long.
    int purge_batch_rows = 200;
    // PRAGMA synchronous for this connection (WAL mode):
    // full:   every commit is on disk before it returns. The kiosk: an answer survives a power cut.
    // normal: the log is flushed at checkpoints only; a power cut may undo the last commits but
    //         never damages the file. The sync process: an undone claim or "sent" mark only means
    //         one more upload, which the server's conditional create turns away.
    // off:    ONLY for benchmarks and tests that fill a large database quickly.
    enum class Synchronous { full, normal, off };
    Synchronous synchronous = Synchronous::full;
};

struct AuditEntry {
    WallTime at;
    std::string actor, action, outcome, detail;
};

class SqliteStore final : public Store {
public:
    static constexpr int schema_version = 2;
    static constexpr const char* file_name = "alliance.db";

    // Opens (creating, migrating) <dir>/alliance.db. Throws StoreError.
    explicit SqliteStore(const std::filesystem::path& dir, SqliteStoreOptions options = {});
    ~SqliteStore() override;

    std::string start_session(const SessionStart& s, WallTime now) override;
    void set_language(const std::string& session_id, const std::string& language) override;
    void set_therapist(const std::string& session_id, const std::string& therapist_id,
                       const std::string& therapist_name) override;
    void set_visit_code(const std::string& session_id, const std::string& code) override;
    void record_answer(const std::string& session_id, const ResponseAnswer& answer, WallTime now) override;
    void clear_answer(const std::string& session_id, const std::string& link_id) override;
    void complete_session(const Response& response, WallTime now) override;
    void abandon_session(const std::string& session_id, PartialPolicy policy, WallTime now) override;
    int recover_interrupted(PartialPolicy policy, WallTime now) override;
    std::vector<ResponseAnswer> answers(const std::string& session_id) override;
    std::optional<std::string> session_status(const std::string& session_id) override;

    std::vector<QueuedResponse> claim_batch(std::size_t max, WallTime now) override;
    void mark_sent(const std::string& session_id, const std::string& server_id, WallTime now) override;
    void mark_failed(const std::string& session_id, const std::string& error, WallTime next_attempt) override;
    void mark_rejected(const std::string& session_id, const std::string& reason, WallTime now) override;
    bool mark_failed_own(const std::string& session_id, const std::string& error, WallTime next_attempt,
                         int max_failures, WallTime now) override;
    int requeue(const RequeueSelection& selection, WallTime now) override;
    void release_claim(const std::string& session_id) override;
    void write_together(const std::function<void()>& writes) override;
    QueueCounts counts() override;
    void for_each_stored_response(const std::function<void(const StoredResponse&)>& visit) override;
    int purge_sent_before(WallTime cutoff) override;
    PurgeReport purge(const RetentionPolicy& policy, WallTime now) override;

    std::optional<std::string> get_state(const std::string& key) override;
    void set_state(const std::string& key, const std::string& value) override;
    void audit(const std::string& actor, const std::string& action, const std::string& outcome,
               const std::string& detail, WallTime now) override;

    // --- beyond the Store contract ---------------------------------------------------------
    // The newest `max` audit entries, newest first.
    std::vector<AuditEntry> recent_audit(std::size_t max);
    const std::filesystem::path& file() const { return file_; }

private:
    // Closes one in-progress session per `policy`; false when it was not in progress.
    bool close_session(const std::string& session_id, PartialPolicy policy, WallTime now);
    // Writes the frozen response, queues it and drops the working answers (inside a transaction).
    void freeze_and_queue(const Response& response, WallTime now);
    // Sets one column of a session in progress; misuse error when there is none.
    void update_session(const char* sql, const std::string& session_id, const std::string& a,
                        const std::string* b = nullptr);
    // Updates a queued row's state from pending; misuse error when the session was never queued.
    void update_pending(const char* sql, const std::string& session_id, const std::string& text, std::int64_t time_ms);
    // Runs a DELETE bound with (?1 cutoff ms, ?2 rows per transaction[, ?3 status]) until it
    // deletes fewer than a batch. Returns how many rows it deleted.
    int delete_in_batches(const char* sql, std::int64_t cutoff, const char* status);

    std::filesystem::path file_;
    SqliteStoreOptions options_;
    std::string claim_token_;  // tells this store object's claims from others'
    std::unique_ptr<sqlite::Db> db_;
};

}  // namespace alliance
