#pragma once
// A completed (or stopped) response as the kiosk freezes it at completion and the sync reads it.
// This JSON shape is the contract between the store, the kiosk and sync (see kiosk/README.md).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/questionnaire/questionnaire.h"

namespace alliance {

struct ResponseAnswer {
    ResponseAnswer() = default;
    // Not an aggregate, so that {linkId, values} (no groups) stays warning-free.
    ResponseAnswer(std::string link, std::vector<AnswerValue> vals, std::vector<std::string> in_groups = {})
        : link_id(std::move(link)), values(std::move(vals)), groups(std::move(in_groups)) {}
    std::string link_id;
    std::vector<AnswerValue> values;  // more than one only for `repeats` items
    // The linkIds of the groups the item sits in, outermost first (empty: a top-level item), so
    // that the uploaded QuestionnaireResponse nests its items as the Questionnaire does.
    // Empty ("groups" left out) in stopped sessions, which the store freezes without the
    // questionnaire, and in responses frozen before this existed: sync nests those by the
    // questionnaire when it has the same url and version (sync/fhir_mapping.h).
    std::vector<std::string> groups;
};

struct Response {
    std::string session_id;  // UUID v4, lower case, no urn: prefix
    std::string status;      // "completed" or "stopped"
    std::string questionnaire_url;
    std::string questionnaire_version;
    std::string language;  // the patient's language, e.g. "es"
    std::string kiosk_id;
    std::string therapist_id;  // empty: not asked or "not sure"
    std::string therapist_name;
    std::string visit_code;                // empty when not asked
    std::string started_at;                // RFC 3339 UTC, e.g. 2026-11-28T12:00:00Z
    std::string authored_at;               // completion (or stop) time, RFC 3339 UTC
    std::vector<ResponseAnswer> answers;   // in questionnaire order
    std::map<std::string, double> scores;  // subscale -> score; "total" for the total
    // The low-alliance flag evaluated at completion (core/questionnaire/alliance_flag.h): the low parts, empty
    // when not flagged; nullopt for a response frozen before the flag existed ("lowAlliance").
    std::optional<std::vector<std::string>> low_alliance;
};

nlohmann::json to_json(const Response& r);
// Throws std::runtime_error naming the field when `json` is not a response.
Response response_from_text(std::string_view json);
Response response_from_json(const nlohmann::json& j);  // the same, for a parsed value

nlohmann::json answer_value_to_json(const AnswerValue& v);
// A JSON array of answer values as answer_value_to_json writes them (the answers table).
std::vector<AnswerValue> answer_values_from_text(std::string_view json);

}  // namespace alliance
