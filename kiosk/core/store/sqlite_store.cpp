// SqliteStore: opening and the session flow. The queue is in store_queue.cpp, kiosk state and
// audit in store_state.cpp, the schema in store_schema.cpp.
#include "core/store/sqlite_store.h"

#include <nlohmann/json.hpp>

#include "core/base/time_format.h"
#include "core/base/uuid.h"
#include "core/questionnaire/response_record.h"
#include "core/store/sqlite_db.h"
#include "core/store/store_schema.h"

namespace alliance {

using store_schema::from_ms;
using store_schema::to_ms;

namespace {

// The session row: who, where and when, as stored_response fills a response from it.
std::optional<Response> load_session(sqlite::Db& db, const std::string& session_id, std::string& status) {
    auto st = db.prepare(
        "SELECT status, questionnaire_url, questionnaire_version, language, kiosk_id, therapist_id,"
        " therapist_name, visit_code, started_at_ms FROM sessions WHERE id = ?1");
    st.bind(1, session_id);
    if (!st.step()) return std::nullopt;
    status = st.text(0);
    Response r;
    r.session_id = session_id;
    r.questionnaire_url = st.text(1);
    r.questionnaire_version = st.text(2);
    r.language = st.text(3);
    r.kiosk_id = st.text(4);
    r.therapist_id = st.text(5);
    r.therapist_name = st.text(6);
    r.visit_code = st.text(7);
    r.started_at = to_rfc3339(from_ms(st.int64(8)));
    return r;
}

std::vector<ResponseAnswer> load_answers(sqlite::Db& db, const std::string& session_id) {
    // rowid order is the order first answered: an upsert keeps the row (and its rowid).
    auto st = db.prepare("SELECT link_id, values_json FROM answers WHERE session_id = ?1 ORDER BY rowid");
    st.bind(1, session_id);
    std::vector<ResponseAnswer> out;
    while (st.step()) {
        out.push_back(ResponseAnswer{st.text(0), answer_values_from_text(st.text(1))});
    }
    return out;
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& dir, SqliteStoreOptions options)
    : file_(dir / file_name), options_(options), claim_token_(new_uuid_v4()) {
    store_schema::secure_files(dir, file_);
    db_ = std::make_unique<sqlite::Db>(file_);
    store_schema::prepare(*db_, options_.busy_timeout_ms, options_.synchronous);
}

SqliteStore::~SqliteStore() = default;

std::string SqliteStore::start_session(const SessionStart& s, WallTime now) {
    sqlite::Operation op(*db_, "start_session");
    std::string id = new_uuid_v4();
    db_->prepare(
           "INSERT INTO sessions (id, status, questionnaire_url, questionnaire_version, language, kiosk_id,"
           " started_at_ms) VALUES (?1, 'in_progress', ?2, ?3, ?4, ?5, ?6)")
        .bind(1, id)
        .bind(2, s.questionnaire_url)
        .bind(3, s.questionnaire_version)
        .bind(4, s.language)
        .bind(5, s.kiosk_id)
        .bind(6, to_ms(now))
        .run();
    return id;
}

void SqliteStore::update_session(const char* sql, const std::string& session_id, const std::string& a,
                                 const std::string* b) {
    auto st = db_->prepare(sql);
    st.bind(1, session_id).bind(2, a);
    if (b) st.bind(3, *b);
    st.run();
    if (db_->changes() == 0) db_->misuse("session " + session_id + " is not in progress");
}

void SqliteStore::set_language(const std::string& session_id, const std::string& language) {
    sqlite::Operation op(*db_, "set_language");
    update_session("UPDATE sessions SET language = ?2 WHERE id = ?1 AND status = 'in_progress'", session_id, language);
}

void SqliteStore::set_therapist(const std::string& session_id, const std::string& therapist_id,
                                const std::string& therapist_name) {
    sqlite::Operation op(*db_, "set_therapist");
    update_session(
        "UPDATE sessions SET therapist_id = ?2, therapist_name = ?3 WHERE id = ?1 AND status = 'in_progress'",
        session_id, therapist_id, &therapist_name);
}

void SqliteStore::set_visit_code(const std::string& session_id, const std::string& code) {
    sqlite::Operation op(*db_, "set_visit_code");
    update_session("UPDATE sessions SET visit_code = ?2 WHERE id = ?1 AND status = 'in_progress'", session_id, code);
}

void SqliteStore::record_answer(const std::string& session_id, const ResponseAnswer& answer, WallTime now) {
    if (answer.values.empty()) return clear_answer(session_id, answer.link_id);
    sqlite::Operation op(*db_, "record_answer");
    if (answer.link_id.empty()) db_->misuse("an answer without a linkId");
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : answer.values) values.push_back(answer_value_to_json(v));
    // One statement, so one commit (one fsync with synchronous=FULL); it inserts nothing unless
    // the session is in progress, so an answer can never be added to a closed session.
    db_->prepare(
           "INSERT INTO answers (session_id, link_id, values_json, at_ms)"
           " SELECT ?1, ?2, ?3, ?4 FROM sessions WHERE id = ?1 AND status = 'in_progress'"
           " ON CONFLICT (session_id, link_id) DO UPDATE SET values_json = excluded.values_json,"
           " at_ms = excluded.at_ms")
        .bind(1, session_id)
        .bind(2, answer.link_id)
        .bind(3, values.dump())
        .bind(4, to_ms(now))
        .run();
    if (db_->changes() == 0) db_->misuse("session " + session_id + " is not in progress");
}

void SqliteStore::clear_answer(const std::string& session_id, const std::string& link_id) {
    sqlite::Operation op(*db_, "clear_answer");
    db_->prepare(
           "DELETE FROM answers WHERE session_id = ?1 AND link_id = ?2"
           " AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND status = 'in_progress')")
        .bind(1, session_id)
        .bind(2, link_id)
        .run();
}

void SqliteStore::freeze_and_queue(const Response& r, WallTime now) {
    db_->prepare(
           "UPDATE sessions SET status = ?2, language = ?3, therapist_id = ?4, therapist_name = ?5,"
           " visit_code = ?6, ended_at_ms = ?7 WHERE id = ?1")
        .bind(1, r.session_id)
        .bind(2, r.status == "completed" ? "completed" : "stopped")
        .bind(3, r.language)
        .bind(4, r.therapist_id)
        .bind(5, r.therapist_name)
        .bind(6, r.visit_code)
        .bind(7, to_ms(now))
        .run();
    db_->prepare(
           "INSERT INTO outbox (session_id, response_json, queued_at_ms, next_attempt_at_ms)"
           " VALUES (?1, ?2, ?3, ?3)")
        .bind(1, r.session_id)
        .bind(2, to_json(r).dump())
        .bind(3, to_ms(now))
        .run();
    // The frozen response is now the record; the working copy must not outlive the session.
    db_->prepare("DELETE FROM answers WHERE session_id = ?1").bind(1, r.session_id).run();
}

void SqliteStore::complete_session(const Response& response, WallTime now) {
    sqlite::Operation op(*db_, "complete_session");
    sqlite::Transaction t(*db_);
    std::string status;
    const auto stored = load_session(*db_, response.session_id, status);
    if (!stored) db_->misuse("no session " + response.session_id);
    if (status != "in_progress") db_->misuse("session " + response.session_id + " is already " + status);
    // The caller's response wins; what it leaves empty comes from the session row.
    const Response r = stored_response(ResponseEnd::completed, response, *stored, now);
    freeze_and_queue(r, now);
    t.commit();
}

bool SqliteStore::close_session(const std::string& session_id, PartialPolicy policy, WallTime now) {
    sqlite::Transaction t(*db_);
    std::string status;
    const auto r = load_session(*db_, session_id, status);
    if (!r || status != "in_progress") return false;
    if (policy == PartialPolicy::discard) {
        db_->prepare("DELETE FROM sessions WHERE id = ?1").bind(1, session_id).run();  // answers cascade
    } else {
        Response known;
        known.answers = load_answers(*db_, session_id);
        freeze_and_queue(stored_response(ResponseEnd::stopped, std::move(known), *r, now), now);
    }
    t.commit();
    return true;
}

void SqliteStore::abandon_session(const std::string& session_id, PartialPolicy policy, WallTime now) {
    sqlite::Operation op(*db_, "abandon_session");
    close_session(session_id, policy, now);  // a session already closed (or unknown) is left as it is
}

int SqliteStore::recover_interrupted(PartialPolicy policy, WallTime now) {
    sqlite::Operation op(*db_, "recover_interrupted");
    std::vector<std::string> ids;
    {
        auto st = db_->prepare("SELECT id FROM sessions WHERE status = 'in_progress' ORDER BY started_at_ms");
        while (st.step()) ids.push_back(st.text(0));
    }
    int closed = 0;
    for (const auto& id : ids) closed += close_session(id, policy, now) ? 1 : 0;
    return closed;
}

std::vector<ResponseAnswer> SqliteStore::answers(const std::string& session_id) {
    sqlite::Operation op(*db_, "answers");
    return load_answers(*db_, session_id);
}

std::optional<std::string> SqliteStore::session_status(const std::string& session_id) {
    sqlite::Operation op(*db_, "session_status");
    auto st = db_->prepare("SELECT status FROM sessions WHERE id = ?1");
    st.bind(1, session_id);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

}  // namespace alliance
