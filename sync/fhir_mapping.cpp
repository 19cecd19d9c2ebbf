#include "sync/fhir_mapping.h"

#include <variant>

#include "core/uuid.h"
#include "sync/text_util.h"

namespace alliance::sync::fhir {
namespace {

using nlohmann::json;

// Objects are built key by key rather than from nested initializer lists: nlohmann builds each
// {key, value} pair of an initializer list as an array first, which made up a third of
// alliance-sync's CPU time per response (tests/bench/sync_bench.py).
json object() { return json(json::value_t::object); }

json system_value(const char* system, const std::string& value) {
    json j = object();
    j["system"] = system;
    j["value"] = value;
    return j;
}

// A logical reference: the server need not hold the Device, Encounter or Practitioner resource.
json logical_reference(const char* type, const char* system, const std::string& value,
                       const std::string& display = {}) {
    json ref = object();
    ref["type"] = type;
    ref["identifier"] = system_value(system, value);
    if (!display.empty()) ref["display"] = display;
    return ref;
}

// FHIR forbids empty strings, so an empty free-text answer (or display) is left out.
std::optional<json> answer_value(const AnswerValue& v) {
    json answer = object();
    struct Visitor {
        json& answer;
        bool operator()(const Coding& c) const {
            json& coding = answer["valueCoding"];
            coding["code"] = c.code;
            if (!c.system.empty()) coding["system"] = c.system;
            if (!c.display.empty()) coding["display"] = c.display;
            return true;
        }
        bool operator()(int i) const { return (answer["valueInteger"] = i), true; }
        bool operator()(bool b) const { return (answer["valueBoolean"] = b), true; }
        bool operator()(const std::string& s) const { return !s.empty() && ((answer["valueString"] = s), true); }
    };
    if (!std::visit(Visitor{answer}, v)) return std::nullopt;
    return answer;
}

json conditional_create(const char* type, json resource, const std::string& full_url, const std::string& system,
                        const std::string& value) {
    // `identifier` is a search parameter of both types. A misspelt parameter would silently match
    // nothing on some servers, and every retry would then store a duplicate (tests guard this).
    json entry = object();
    entry["fullUrl"] = full_url;
    entry["resource"] = std::move(resource);
    json& request = entry["request"];
    request["method"] = "POST";
    request["url"] = type;
    request["ifNoneExist"] = "identifier=" + percent_encode(system, ":") + "|" + percent_encode(value, ":");
    return entry;
}

}  // namespace

std::string response_identifier_value(const Response& r) { return "urn:uuid:" + r.session_id; }

std::string score_identifier_value(const Response& r, const std::string& subscale) {
    return r.session_id + ":" + subscale;
}

json questionnaire_response(const Response& r) {
    json qr = object();
    qr["resourceType"] = "QuestionnaireResponse";
    qr["identifier"] = system_value(uuid_system, response_identifier_value(r));
    qr["status"] = r.status;
    qr["authored"] = r.authored_at;
    qr["author"] = logical_reference("Device", kiosk_system, r.kiosk_id, r.kiosk_id);
    qr["questionnaire"] =
        r.questionnaire_version.empty() ? r.questionnaire_url : r.questionnaire_url + "|" + r.questionnaire_version;
    if (!r.language.empty()) qr["language"] = r.language;
    if (!r.visit_code.empty()) qr["encounter"] = logical_reference("Encounter", visit_code_system, r.visit_code);
    if (!r.therapist_id.empty()) {
        json therapist = object();
        therapist["url"] = therapist_extension;
        therapist["valueReference"] = logical_reference("Practitioner", therapist_system, r.therapist_id, r.therapist_name);
        qr["extension"].push_back(std::move(therapist));
    }
    json items = json::array();
    for (const auto& a : r.answers) {
        json answers = json::array();
        for (const auto& v : a.values) {
            if (auto value = answer_value(v)) answers.push_back(std::move(*value));
        }
        if (answers.empty()) continue;
        json item = object();
        item["linkId"] = a.link_id;
        item["answer"] = std::move(answers);
        items.push_back(std::move(item));
    }
    if (!items.empty()) qr["item"] = std::move(items);
    return qr;
}

json score_observation(const Response& r, const std::string& subscale, double score,
                       const std::string& response_full_url) {
    json obs = object();
    obs["resourceType"] = "Observation";
    obs["identifier"].push_back(system_value(score_system, score_identifier_value(r, subscale)));
    obs["status"] = "final";
    json category = object();
    category["system"] = "http://terminology.hl7.org/CodeSystem/observation-category";
    category["code"] = "survey";
    category["display"] = "Survey";
    obs["category"][0]["coding"].push_back(std::move(category));
    json code = object();
    code["system"] = score_system;
    code["code"] = subscale;
    obs["code"]["coding"].push_back(std::move(code));
    obs["code"]["text"] = "Score '" + subscale + "' of " + r.questionnaire_url;
    obs["effectiveDateTime"] = r.authored_at;
    obs["device"] = logical_reference("Device", kiosk_system, r.kiosk_id, r.kiosk_id);
    json& quantity = obs["valueQuantity"];
    quantity["value"] = score;
    quantity["unit"] = "score";
    quantity["system"] = "http://unitsofmeasure.org";
    quantity["code"] = "{score}";
    obs["derivedFrom"][0]["reference"] = response_full_url;
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
    t.bundle = object();
    t.bundle["resourceType"] = "Bundle";
    t.bundle["type"] = "transaction";
    t.bundle["entry"] = std::move(entries);
    return t;
}

}  // namespace alliance::sync::fhir
