#pragma once
// The local answer cache (kiosk/README.md, "Local store"): SQLite in WAL mode, one file under the data directory.
// The kiosk writes sessions and answers; the sync process claims and marks queued responses in
// the same file at the same time. No SFML and no network here.
//
// THIS API IS A CONTRACT between the session flow, the staff menu and sync: extend, don't rename.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/base/time.h"
#include "core/questionnaire/response.h"

namespace alliance {

// What went wrong, typed so that the UI can choose its out-of-service screen and sync its outcome.
enum class StoreErrorKind { disk_full, io_error, busy, read_only, corrupt, newer_schema, cannot_open, misuse };

class StoreError : public std::runtime_error {
public:
    StoreError(StoreErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    StoreErrorKind kind() const { return kind_; }
    // Short code shown to the patient on the out-of-service screen, e.g. "E-STORE-FULL".
    std::string code() const;

private:
    StoreErrorKind kind_;
};

enum class PartialPolicy { keep, discard };  // [kiosk] partial

struct SessionStart {
    std::string questionnaire_url;
    std::string questionnaire_version;
    std::string language;
    std::string kiosk_id;
};

struct QueuedResponse {
    std::string session_id;
    int attempts = 0;      // attempts before this claim
    int own_failures = 0;  // failures that were this response's own (see mark_failed_own)
    Response response;     // frozen at completion
};

struct QueueCounts {
    std::int64_t pending = 0;   // queued, not yet sent (including those waiting to retry)
    std::int64_t failed = 0;    // pending with at least one failed attempt
    std::int64_t rejected = 0;  // refused by the server; needs attention
    std::int64_t held = 0;      // failed on its own [sync] max_attempts times; waits for requeue
    std::int64_t sent = 0;
    std::optional<WallTime> last_sent_at;
    std::string last_error;  // of the most recent failure or rejection
};

// A frozen response as the queue holds it, with its upload state (`alliance-sync export`).
struct StoredResponse {
    Response response;
    std::string state;  // "pending" | "sent" | "rejected" | "held"
    int attempts = 0;
    std::string server_id;   // the server's id once sent (FHIR: "QuestionnaireResponse/<id>")
    std::string last_error;  // the last failure, or why the server rejected it
};

// Which responses `requeue` puts back in the queue: held ones, rejected ones, and/or the
// sessions named (whatever their state other than sent). Nothing selected: nothing requeued.
struct RequeueSelection {
    bool held = false;
    bool rejected = false;
    std::vector<std::string> session_ids;
};

// How long each kind of record is kept ([storage] keys); 0 days = kept until purged otherwise.
struct RetentionPolicy {
    int sent_days = 30;    // retention_days: completed responses, from when they were sent
    int stopped_days = 7;  // stopped_retention_days: walked-away responses, from when sent
    int audit_days = 365;  // audit_retention_days: audit rows, from when written
};

struct PurgeReport {
    int responses = 0;  // sent responses (and their sessions) deleted
    int audit = 0;      // audit rows deleted
};

class Store {
public:
    // Opens (creating, migrating) <dir>/alliance.db; dir is created 0700, the file 0600.
    // Throws StoreError. The kiosk's commits are on disk before they return; the sync process's
    // (claims, marks) only at the next checkpoint, as redoing them after a power cut is harmless.
    enum class User { kiosk, sync };
    static std::unique_ptr<Store> open(const std::filesystem::path& dir, User user = User::kiosk);
    virtual ~Store() = default;

    // --- the session flow ---------------------------------------------------------------
    // Returns the new session's UUID v4.
    virtual std::string start_session(const SessionStart& s, WallTime now) = 0;
    virtual void set_language(const std::string& session_id, const std::string& language) = 0;
    virtual void set_therapist(const std::string& session_id, const std::string& therapist_id,
                               const std::string& therapist_name) = 0;
    virtual void set_visit_code(const std::string& session_id, const std::string& code) = 0;
    // Durable (synchronous=FULL) before it returns; replaces an earlier answer to the same item.
    virtual void record_answer(const std::string& session_id, const ResponseAnswer& answer, WallTime now) = 0;
    virtual void clear_answer(const std::string& session_id, const std::string& link_id) = 0;
    // Freezes `response` (status "completed") and queues it for upload, in one transaction; what
    // `response` leaves empty of who, where and when comes from the session (stored_response,
    // core/questionnaire/response_record.h).
    virtual void complete_session(const Response& response, WallTime now) = 0;
    // A walked-away session: kept as "stopped" (frozen and queued, as sync sends stopped
    // responses too) or deleted with its answers.
    virtual void abandon_session(const std::string& session_id, PartialPolicy policy, WallTime now) = 0;
    // At start-up: closes every session left in progress (never resumed). Returns how many.
    virtual int recover_interrupted(PartialPolicy policy, WallTime now) = 0;
    // The answers recorded so far for a session in progress, in the order first given.
    virtual std::vector<ResponseAnswer> answers(const std::string& session_id) = 0;
    // "in_progress", "completed", "stopped", or nullopt for an unknown (or discarded) session.
    virtual std::optional<std::string> session_status(const std::string& session_id) = 0;

    // --- the sync queue ------------------------------------------------------------------
    // Claims up to `max` of the oldest queued responses whose next attempt is due, marking the
    // attempt before any network I/O so that a crash leaves them to be sent again.
    virtual std::vector<QueuedResponse> claim_batch(std::size_t max, WallTime now) = 0;
    virtual void mark_sent(const std::string& session_id, const std::string& server_id, WallTime now) = 0;
    virtual void mark_failed(const std::string& session_id, const std::string& error, WallTime next_attempt) = 0;
    virtual void mark_rejected(const std::string& session_id, const std::string& reason, WallTime now) = 0;
    // A failure that was this response's own (it failed on its own while the server took others):
    // counted, and at `max_failures` of them the response is `held`: kept, shown, exported, not
    // claimed again until requeue(). Otherwise as mark_failed. Returns true when it is now held.
    virtual bool mark_failed_own(const std::string& session_id, const std::string& error, WallTime next_attempt,
                                 int max_failures, WallTime now) = 0;
    // Puts the selected held or rejected responses back in the queue, due at once, their own
    // failures forgotten. Returns how many. Sent responses are never requeued. Inside
    // write_together, it and its audit row are one transaction.
    virtual int requeue(const RequeueSelection& selection, WallTime now) = 0;
    // Gives back a response this store claimed but did not send (the pass ended first): it is
    // due again at once, and the attempt its claim counted is taken back.
    virtual void release_claim(const std::string& session_id) = 0;
    // Runs `writes` (marks, audit rows) as one transaction: all of them are stored or none, with
    // one commit instead of one each. Not for claim_batch, which is a transaction of its own.
    virtual void write_together(const std::function<void()>& writes) = 0;
    virtual QueueCounts counts() = 0;
    // Calls `visit` for each frozen response (whatever its upload state), oldest first, read a
    // page at a time so that memory does not grow with the store.
    virtual void for_each_stored_response(const std::function<void(const StoredResponse&)>& visit) = 0;
    // Deletes responses sent before `cutoff`, in small transactions. Returns how many.
    virtual int purge_sent_before(WallTime cutoff) = 0;
    // Applies `policy` at `now` (sent completed and stopped responses, audit rows), in small
    // transactions, then checkpoints and truncates the WAL, so that nothing deleted can be read
    // back from the database file, its WAL or its free pages (secure_delete is always on).
    virtual PurgeReport purge(const RetentionPolicy& policy, WallTime now) = 0;

    // --- small kiosk state that must survive a restart ------------------------------------
    // (staff PIN lockout, therapists on duty today, default language). Keys are plain names.
    virtual std::optional<std::string> get_state(const std::string& key) = 0;
    virtual void set_state(const std::string& key, const std::string& value) = 0;

    // --- audit ----------------------------------------------------------------------------
    // actor: "staff", "it", "sync", "kiosk"; never a PIN or a patient's answer in detail.
    virtual void audit(const std::string& actor, const std::string& action, const std::string& outcome,
                       const std::string& detail, WallTime now) = 0;
};

}  // namespace alliance
