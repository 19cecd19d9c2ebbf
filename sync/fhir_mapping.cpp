#include "sync/fhir_mapping.h"

#include <variant>

#include "core/uuid.h"
#include "sync/text_util.h"

namespace alliance::sync::fhir {
namespace {

using nlohmann::json;

// A logical reference: the server need not hold the Device, Encounter or Practitioner resource.
json logical_reference(const char* type, const char* system, const std::string& value,
                       const std::string& display = {}) {
    json ref = {{"type", type}, {"identifier", {{"system", system}, {"value", value}}}};
    if (!display.empty()) ref["display"] = display;
    return ref;
}

// FHIR forbids empty strings, so an empty free-text answer (or display) is left out.
std::optional<json> answer_value(const AnswerValue& v) {
    struct Visitor {
        std::optional<json> operator()(const Coding& c) const {
            json coding = {{"code", c.code}};
            if (!c.system.empty()) coding["system"] = c.system;
            if (!c.display.empty()) coding["display"] = c.display;
            return json{{"valueCoding", coding}};
        }
        std::optional<json> operator()(int i) const { return json{{"valueInteger", i}}; }
        std::optional<json> operator()(bool b) const { return json{{"valueBoolean", b}}; }
        std::optional<json> operator()(const std::string& s) const {
            if (s.empty()) return std::nullopt;
            return json{{"valueString", s}};
        }
    };
    return std::visit(Visitor{}, v);
}

json conditional_create(const char* type, const json& resource, const std::string& full_url,
                        const std::string& system, const std::string& value) {
    // `identifier` is a search parameter of both types. A misspelt parameter would silently match
    // nothing on some servers, and every retry would then store a duplicate (tests guard this).
    return {{"fullUrl", full_url},
            {"resource", resource},
            {"request", {{"method", "POST"}, {"url", type}, {"ifNoneExist", "identifier=" + percent_encode(system, ":") + "|" + percent_encode(value, ":")}}}};
}

}  // namespace

std::string response_identifier_value(const Response& r) { return "urn:uuid:" + r.session_id; }

std::string score_identifier_value(const Response& r, const std::string& subscale) {
    return r.session_id + ":" + subscale;
}

json questionnaire_response(const Response& r) {
    json qr = {{"resourceType", "QuestionnaireResponse"},
               {"identifier", {{"system", uuid_system}, {"value", response_identifier_value(r)}}},
               {"status", r.status},
               {"authored", r.authored_at},
               {"author", logical_reference("Device", kiosk_system, r.kiosk_id, r.kiosk_id)}};
    qr["questionnaire"] =
        r.questionnaire_version.empty() ? r.questionnaire_url : r.questionnaire_url + "|" + r.questionnaire_version;
    if (!r.language.empty()) qr["language"] = r.language;
    if (!r.visit_code.empty()) qr["encounter"] = logical_reference("Encounter", visit_code_system, r.visit_code);
    if (!r.therapist_id.empty()) {
        qr["extension"] = json::array(
            {{{"url", therapist_extension},
              {"valueReference", logical_reference("Practitioner", therapist_system, r.therapist_id, r.therapist_name)}}});
    }
    json items = json::array();
    for (const auto& a : r.answers) {
        json answers = json::array();
        for (const auto& v : a.values) {
            if (auto value = answer_value(v)) answers.push_back(std::move(*value));
        }
        if (!answers.empty()) items.push_back({{"linkId", a.link_id}, {"answer", std::move(answers)}});
    }
    if (!items.empty()) qr["item"] = std::move(items);
    return qr;
}

json score_observation(const Response& r, const std::string& subscale, double score,
                       const std::string& response_full_url) {
    json obs = {
        {"resourceType", "Observation"},
        {"identifier", json::array({{{"system", score_system}, {"value", score_identifier_value(r, subscale)}}})},
        {"status", "final"},
        {"category", json::array({{{"coding", json::array({{{"system",
                                                            "http://terminology.hl7.org/CodeSystem/observation-category"},
                                                           {"code", "survey"},
                                                           {"display", "Survey"}}})}}})},
        {"code", {{"coding", json::array({{{"system", score_system}, {"code", subscale}}})},
                  {"text", "Score '" + subscale + "' of " + r.questionnaire_url}}},
        {"effectiveDateTime", r.authored_at},
        {"device", logical_reference("Device", kiosk_system, r.kiosk_id, r.kiosk_id)},
        {"valueQuantity", {{"value", score}, {"unit", "score"}, {"system", "http://unitsofmeasure.org"}, {"code", "{score}"}}},
        {"derivedFrom", json::array({{{"reference", response_full_url}}})}};
    if (!r.visit_code.empty()) obs["encounter"] = logical_reference("Encounter", visit_code_system, r.visit_code);
    return obs;
}

Transaction transaction_bundle(const std::vector<const Response*>& responses) {
    Transaction t;
    json entries = json::array();
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const Response& r = *responses[i];
        const std::string qr_full_url = "urn:uuid:" + new_uuid_v4();
        entries.push_back(conditional_create("QuestionnaireResponse", questionnaire_response(r), qr_full_url,
                                             uuid_system, response_identifier_value(r)));
        t.owners.push_back({i, true});
        for (const auto& [subscale, score] : r.scores) {
            entries.push_back(conditional_create("Observation", score_observation(r, subscale, score, qr_full_url),
                                                 "urn:uuid:" + new_uuid_v4(), score_system,
                                                 score_identifier_value(r, subscale)));
            t.owners.push_back({i, false});
        }
    }
    t.bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", std::move(entries)}};
    return t;
}

}  // namespace alliance::sync::fhir
