// The stored response's one owner (core/questionnaire/response_record.h): what the record holds
// and which of the parts passed to it wins.
#include <doctest/doctest.h>

#include "core/base/time_format.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/response_record.h"

using namespace alliance;

namespace {

const WallTime noon = from_rfc3339("2027-01-15T12:00:00Z");

// A session row as the store holds it: everything but the completion time.
Response session_row() {
    Response s;
    s.session_id = "0b0e1f5e-0000-4000-8000-000000000001";
    s.questionnaire_url = "urn:row:q";
    s.questionnaire_version = "1.0.0";
    s.language = "es";
    s.kiosk_id = "front-desk-1";
    s.therapist_id = "t-17";
    s.therapist_name = "Ana Ruiz";
    s.visit_code = "V123";
    s.started_at = "2027-01-15T11:50:00Z";
    s.status = "in_progress";
    s.answers = {{"row-answer", {3}}};
    s.scores["total"] = 9;
    return s;
}

Questionnaire shipped() {
    return load_questionnaire(std::string(ALLIANCE_SOURCE_DIR) + "/content/questionnaires/alliance-check.json");
}

}  // namespace

TEST_CASE("the caller's values win and the session row fills only what the caller leaves empty") {
    Response known;
    known.language = "en";  // changed after the row was read
    known.therapist_id = "t-2";
    known.started_at = "2027-01-15T11:55:00Z";
    known.authored_at = "2027-01-15T11:59:00Z";
    const Response r = stored_response(ResponseEnd::completed, known, session_row(), noon);
    CHECK(r.language == "en");
    CHECK(r.therapist_id == "t-2");
    CHECK(r.started_at == "2027-01-15T11:55:00Z");
    CHECK(r.authored_at == "2027-01-15T11:59:00Z");
    CHECK(r.session_id == "0b0e1f5e-0000-4000-8000-000000000001");
    CHECK(r.questionnaire_url == "urn:row:q");
    CHECK(r.questionnaire_version == "1.0.0");
    CHECK(r.kiosk_id == "front-desk-1");
    CHECK(r.therapist_name == "Ana Ruiz");  // filled field by field, not as a pair
    CHECK(r.visit_code == "V123");
}

TEST_CASE("the completion time is the given moment only when neither the caller nor the row has one") {
    CHECK(stored_response(ResponseEnd::completed, {}, session_row(), noon).authored_at == "2027-01-15T12:00:00Z");
    CHECK(stored_response(ResponseEnd::stopped, {}, session_row(), noon).authored_at == "2027-01-15T12:00:00Z");
}

TEST_CASE("the answers, scores and flag are the caller's, never the row's") {
    Response known;
    known.answers = {{"mine", {std::string("x")}}};
    const Response r = stored_response(ResponseEnd::stopped, known, session_row(), noon);
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].link_id == "mine");
    CHECK(r.scores.empty());
    CHECK_FALSE(r.low_alliance.has_value());
}

TEST_CASE("the status is the ending's, whatever the caller or the row says") {
    Response known;
    known.status = "completed";
    CHECK(stored_response(ResponseEnd::stopped, known, session_row(), noon).status == "stopped");
    known.status = "stopped";
    CHECK(stored_response(ResponseEnd::completed, known, session_row(), noon).status == "completed");
}

TEST_CASE("a completed response holds the enabled answers in display order, scored and flagged") {
    const Questionnaire q = shipped();
    const Coding a_little{"https://alliance-kiosk.org/fhir/CodeSystem/how-much", "2", ""};
    AnswerMap answers;
    answers["overall"] = {7};
    answers["goal-known"] = {a_little};
    answers["goal-discussed"] = {true};  // not enabled: main-goal is unanswered
    const Response r = completed_response(q, answers);
    CHECK(r.status == "completed");
    CHECK(r.questionnaire_url == q.url);
    CHECK(r.questionnaire_version == q.version);
    CHECK(r.session_id.empty());  // who, where and when are the callers'
    CHECK(r.authored_at.empty());
    REQUIRE(r.answers.size() == 2);
    CHECK(r.answers[0].link_id == "goal-known");
    CHECK(r.answers[1].link_id == "overall");
    CHECK_FALSE(r.scores.empty());
    CHECK(r.low_alliance.has_value());
}
