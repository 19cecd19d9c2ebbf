// The FHIR mapping of a frozen response: what the clinic's server receives, and the details that
// keep a retried transaction from storing anything twice.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "sync/fhir_mapping.h"

using namespace alliance;
using namespace alliance::sync;
using nlohmann::json;

namespace {

Response sample() {
    Response r;
    r.session_id = "0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f";
    r.status = "completed";
    r.questionnaire_url = "https://alliance-kiosk.example/fhir/Questionnaire/alliance-check";
    r.questionnaire_version = "1.0.0";
    r.language = "es";
    r.kiosk_id = "front-desk-1";
    r.therapist_id = "alex";
    r.therapist_name = "Alex Rivera";
    r.visit_code = "V1234";
    r.authored_at = "2026-11-28T12:00:00Z";
    r.answers = {{"bond-1", {Coding{"https://example.org/cs", "agree", "Agree"}}},
                 {"pain", {7}},
                 {"recommend", {true}},
                 {"comments", {std::string("fine")}},
                 {"empty-text", {std::string()}}};
    r.scores = {{"total", 3.5}, {"bond", 4.0}};
    return r;
}

}  // namespace

TEST_CASE("a QuestionnaireResponse carries the session identifier, canonical questionnaire and the kiosk as author") {
    const json qr = fhir::questionnaire_response(sample());
    CHECK(qr["resourceType"] == "QuestionnaireResponse");
    CHECK(qr["identifier"] ==
          json{{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f"}});
    CHECK(qr["questionnaire"] == "https://alliance-kiosk.example/fhir/Questionnaire/alliance-check|1.0.0");
    CHECK(qr["status"] == "completed");
    CHECK(qr["authored"] == "2026-11-28T12:00:00Z");
    CHECK(qr["language"] == "es");
    CHECK(qr["author"]["type"] == "Device");
    CHECK(qr["author"]["identifier"] == json{{"system", "urn:alliance-kiosk:kiosk"}, {"value", "front-desk-1"}});
    CHECK(qr["encounter"]["identifier"] == json{{"system", "urn:alliance-kiosk:visit-code"}, {"value", "V1234"}});
    const json& therapist = qr["extension"][0];
    CHECK(therapist["url"] == fhir::therapist_extension);
    CHECK(therapist["valueReference"]["identifier"]["value"] == "alex");
    CHECK(therapist["valueReference"]["display"] == "Alex Rivera");
}

TEST_CASE("answers become valueCoding, valueInteger, valueBoolean and valueString, and empty text is left out") {
    const json items = fhir::questionnaire_response(sample())["item"];
    REQUIRE(items.size() == 4);
    CHECK(items[0] ==
          json{{"linkId", "bond-1"},
               {"answer",
                {{{"valueCoding", {{"system", "https://example.org/cs"}, {"code", "agree"}, {"display", "Agree"}}}}}}});
    CHECK(items[1]["answer"][0] == json{{"valueInteger", 7}});
    CHECK(items[2]["answer"][0] == json{{"valueBoolean", true}});
    CHECK(items[3]["answer"][0] == json{{"valueString", "fine"}});
}

TEST_CASE("optional parts are left out rather than sent empty") {
    Response r = sample();
    r.questionnaire_version.clear();
    r.therapist_id.clear();
    r.visit_code.clear();
    r.answers.clear();
    const json qr = fhir::questionnaire_response(r);
    CHECK(qr["questionnaire"] == r.questionnaire_url);
    CHECK_FALSE(qr.contains("extension"));
    CHECK_FALSE(qr.contains("encounter"));
    CHECK_FALSE(qr.contains("item"));
}

TEST_CASE("the transaction's fullUrls are fresh UUIDs, never the session UUID the identifier holds") {
    const Response r = sample();
    const fhir::Transaction t = fhir::transaction_bundle({&r});
    const json bundle = json::parse(t.body);
    const json& entries = bundle["entry"];
    REQUIRE(entries.size() == 3);  // the response and its two scores
    const std::string qr_full_url = entries[0]["fullUrl"];
    CHECK(qr_full_url.rfind("urn:uuid:", 0) == 0);
    CHECK(qr_full_url != fhir::response_identifier_value(r));
    CHECK(t.body.find(qr_full_url) != std::string::npos);
    // Two bundles of the same response never share a fullUrl.
    CHECK(json::parse(fhir::transaction_bundle({&r}).body)["entry"][0]["fullUrl"] != qr_full_url);
    CHECK(entries[1]["fullUrl"] != entries[2]["fullUrl"]);
}

TEST_CASE("every entry is a conditional create on its own stable identifier") {
    const Response r = sample();
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    CHECK(entries[0]["request"] ==
          json{{"method", "POST"},
               {"url", "QuestionnaireResponse"},
               {"ifNoneExist", "identifier=urn:ietf:rfc:3986|urn:uuid:0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f"}});
    // std::map orders the scores: bond, then total.
    CHECK(entries[1]["request"]["ifNoneExist"] ==
          "identifier=urn:alliance-kiosk:score|0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f:bond");
    CHECK(entries[2]["request"]["ifNoneExist"] ==
          "identifier=urn:alliance-kiosk:score|0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f:total");
    CHECK(entries[2]["resource"]["identifier"][0]["value"] == "0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f:total");
}

TEST_CASE("a score Observation is derived from the response through its fullUrl") {
    const Response r = sample();
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    const json& obs = entries[2]["resource"];
    CHECK(obs["resourceType"] == "Observation");
    CHECK(obs["status"] == "final");
    CHECK(obs["derivedFrom"][0]["reference"] == entries[0]["fullUrl"]);
    CHECK(obs["valueQuantity"]["value"] == 3.5);
    CHECK(obs["code"]["coding"][0] == json{{"system", "https://alliance-kiosk.org/fhir/CodeSystem/score"},
                                           {"version", "1.0.0"},
                                           {"code", "total"},
                                           {"display", "Alliance total"}});
    CHECK(obs["effectiveDateTime"] == "2026-11-28T12:00:00Z");
    CHECK(obs["device"]["identifier"]["value"] == "front-desk-1");
}

TEST_CASE("the owners of a many-response bundle map each entry back to its response") {
    Response a = sample(), b = sample();
    b.session_id = "11111111-2222-4333-8444-555555555555";
    b.scores = {{"total", 1.0}};
    const fhir::Transaction t = fhir::transaction_bundle({&a, &b});
    REQUIRE(t.owners.size() == 5);
    CHECK(t.owners[0].response_index == 0);
    CHECK(t.owners[0].is_questionnaire_response);
    CHECK_FALSE(t.owners[2].is_questionnaire_response);
    CHECK(t.owners[3].response_index == 1);
    CHECK(t.owners[3].is_questionnaire_response);
    CHECK(t.owners[4].response_index == 1);
    CHECK(json::parse(t.body)["type"] == "transaction");
}

// [sync] max_transaction_entries: Medplum takes at most 8 conditional creates in a transaction.
TEST_CASE(
    "with a transaction limit whole responses are packed while they fit and a larger one is split, its response "
    "first") {
    Response small = sample();  // 3 entries
    Response large = sample();  // 1 + 12 scores = 13 entries
    large.session_id = "11111111-2222-4333-8444-555555555555";
    large.scores.clear();
    for (int i = 0; i < 12; ++i) large.scores["part-" + std::to_string(10 + i)] = i;
    fhir::MappingOptions options;
    options.max_transaction_entries = 8;
    const auto plan = fhir::transaction_plan({&small, &small, &large, &small}, options);
    REQUIRE(plan.size() == 4);
    CHECK(plan[0].size() == 2);  // 3 + 3 entries; a third would make 9
    CHECK(plan[1].size() == 1);
    CHECK((plan[1][0].response_index == 2 && plan[1][0].first == 0 && plan[1][0].end == 8));
    CHECK((plan[2][0].response_index == 2 && plan[2][0].first == 8 && plan[2][0].end == 13));
    CHECK((plan[3].size() == 1 && plan[3][0].response_index == 3));
    options.max_transaction_entries = 0;
    CHECK(fhir::transaction_plan({&small, &small, &large, &small}, options).size() == 1);
}

TEST_CASE("a later part of a split response derives its Observations from the stored response's reference") {
    Response r = sample();
    for (int i = 0; i < 9; ++i) r.scores["part-" + std::to_string(i)] = i;  // 12 entries with total, bond
    fhir::MappingOptions options;
    options.max_transaction_entries = 8;
    auto plan = fhir::transaction_plan({&r}, options);
    REQUIRE(plan.size() == 2);
    const json first = json::parse(fhir::transaction_bundle({&r}, plan[0], options).body)["entry"];
    REQUIRE(first.size() == 8);
    CHECK(first[0]["resource"]["resourceType"] == "QuestionnaireResponse");
    CHECK(first[1]["resource"]["derivedFrom"][0]["reference"] == first[0]["fullUrl"]);
    plan[1][0].response_reference = "QuestionnaireResponse/42";
    const fhir::Transaction second = fhir::transaction_bundle({&r}, plan[1], options);
    const json rest = json::parse(second.body)["entry"];
    REQUIRE(rest.size() == 4);
    std::set<std::string> identifiers;
    for (const auto& e : first) identifiers.insert(e["request"]["ifNoneExist"].get<std::string>());
    for (const auto& e : rest) {
        CHECK(e["resource"]["resourceType"] == "Observation");
        CHECK(e["resource"]["derivedFrom"][0]["reference"] == "QuestionnaireResponse/42");
        identifiers.insert(e["request"]["ifNoneExist"].get<std::string>());
    }
    CHECK(identifiers.size() == 12);  // each entry once over the two parts, each a conditional create
    CHECK_FALSE(second.owners[0].is_questionnaire_response);
}

TEST_CASE("the configured identifier systems name the visit's Encounter and the kiosk's Device") {
    const Response r = sample();
    fhir::MappingOptions options;
    options.encounter_system = "http://ehr.example.org/fhir/sid/visit-number";
    options.device_system = "http://clinic.example.org/fhir/sid/kiosk";
    const json entries = json::parse(fhir::transaction_bundle({&r}, options).body)["entry"];
    CHECK(entries[0]["resource"]["encounter"] ==
          json{{"type", "Encounter"},
               {"identifier", {{"system", "http://ehr.example.org/fhir/sid/visit-number"}, {"value", "V1234"}}}});
    CHECK(entries[0]["resource"]["author"]["identifier"]["system"] == "http://clinic.example.org/fhir/sid/kiosk");
    CHECK(entries[1]["resource"]["encounter"]["identifier"]["system"] ==
          "http://ehr.example.org/fhir/sid/visit-number");
    CHECK(entries[1]["resource"]["device"]["identifier"]["system"] == "http://clinic.example.org/fhir/sid/kiosk");
    CHECK_FALSE(entries[0]["resource"].contains("subject"));
}

TEST_CASE("a resolved Encounter gives the response and its scores a literal encounter and the Encounter's subject") {
    const Response r = sample();
    fhir::MappingOptions options;
    options.encounters["V1234"] = {"Encounter/77", "Patient/9"};
    const json entries = json::parse(fhir::transaction_bundle({&r}, options).body)["entry"];
    for (const json& e : entries) {
        CHECK(e["resource"]["encounter"]["reference"] == "Encounter/77");
        CHECK(e["resource"]["encounter"]["identifier"]["value"] == "V1234");  // kept for the EHR's own matching
        CHECK(e["resource"]["subject"] == json{{"reference", "Patient/9"}});
    }
    Response other = sample();
    other.visit_code = "V9999";  // not resolved: the logical reference, no subject
    const json qr = json::parse(fhir::transaction_bundle({&other}, options).body)["entry"][0]["resource"];
    CHECK_FALSE(qr["encounter"].contains("reference"));
    CHECK_FALSE(qr.contains("subject"));
}

TEST_CASE("identifier values with reserved characters are percent-encoded in ifNoneExist") {
    Response r = sample();
    r.scores = {{"pain & mood", 2.0}};
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    CHECK(entries[1]["request"]["ifNoneExist"] ==
          "identifier=urn:alliance-kiosk:score|0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f:pain%20%26%20mood");
}

TEST_CASE("text with quotes, control characters and accents reaches the server exactly as the patient typed it") {
    Response r = sample();
    const std::string typed = "Me dijo \"tranquilo\" \\ gracias\n\tse\xc3\xb1or \xe2\x9c\x93";
    r.answers = {{"comments", {typed}}};
    r.therapist_name = "Ana \"Anita\" P\xc3\xa9rez";
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    const json& qr = entries[0]["resource"];
    CHECK(qr["item"][0]["answer"][0]["valueString"] == typed);
    CHECK(qr["extension"][0]["valueReference"]["display"] == r.therapist_name);
}

TEST_CASE("a subscale a clinic declares itself keeps the project URN as its code system") {
    Response r = sample();
    r.scores = {{"expectations", 3.0}};
    const json obs = json::parse(fhir::transaction_bundle({&r}).body)["entry"][1]["resource"];
    CHECK(obs["code"]["coding"][0] == json{{"system", "urn:alliance-kiosk:score"}, {"code", "expectations"}});
}

TEST_CASE(
    "without a clinic identifier the therapist is its id under the project's https system, on the response and every "
    "score") {
    const Response r = sample();
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    const json expected = {
        {"url", "https://alliance-kiosk.org/fhir/StructureDefinition/therapist-seen"},
        {"valueReference",
         {{"type", "Practitioner"},
          {"identifier", {{"system", "https://alliance-kiosk.org/fhir/sid/therapist"}, {"value", "alex"}}},
          {"display", "Alex Rivera"}}}};
    REQUIRE(entries.size() == 3);
    for (const json& entry : entries) CHECK(entry["resource"]["extension"][0] == expected);
}

TEST_CASE("a therapist with the clinic's identifier or a literal reference is sent as configured") {
    Response r = sample();
    fhir::MappingOptions options;
    options.therapists = {Therapist{"alex", "Alex Rivera", "http://hl7.org/fhir/sid/us-npi", "1234567893", ""},
                          Therapist{"sam", "Sam Okafor", "", "", "Practitioner/42"}};
    json qr = fhir::questionnaire_response(r, options);
    CHECK(qr["extension"][0]["valueReference"]["identifier"] ==
          json{{"system", "http://hl7.org/fhir/sid/us-npi"}, {"value", "1234567893"}});
    r.therapist_id = "sam";
    r.therapist_name = "Sam Okafor";
    const json obs = fhir::score_observation(r, "total", 4.0, "urn:uuid:x", options);
    CHECK(obs["extension"][0]["valueReference"] ==
          json{{"reference", "Practitioner/42"}, {"type", "Practitioner"}, {"display", "Sam Okafor"}});
}

TEST_CASE("a flagged response is tagged and its low parts' Observations are interpreted Low, the others are not") {
    Response r = sample();
    r.low_alliance = std::vector<std::string>{"bond"};
    const json entries = json::parse(fhir::transaction_bundle({&r}).body)["entry"];
    CHECK(entries[0]["resource"]["meta"]["tag"][0] ==
          json{{"system", "https://alliance-kiosk.org/fhir/CodeSystem/feedback-flag"},
               {"code", "low-alliance"},
               {"display", "Low alliance"}});
    for (const json& entry : entries) {
        const json& resource = entry["resource"];
        if (resource["resourceType"] != "Observation") continue;
        const bool bond = resource["code"]["coding"][0]["code"] == "bond";
        CHECK(resource.contains("interpretation") == bond);
        if (bond) CHECK(resource["interpretation"][0]["coding"][0]["code"] == "L");
    }
    r.low_alliance = std::vector<std::string>{};
    CHECK_FALSE(fhir::questionnaire_response(r).contains("meta"));
}

TEST_CASE("with follow-up tasks a flagged response gets one Task owned by the therapist, focused on the response") {
    Response r = sample();
    r.low_alliance = std::vector<std::string>{"goal", "total"};
    Response calm = sample();
    calm.session_id = "11111111-2222-4333-8444-555555555555";
    calm.low_alliance = std::vector<std::string>{};
    fhir::MappingOptions options;
    options.follow_up_task = true;
    const fhir::Transaction t = fhir::transaction_bundle({&r, &calm}, options);
    const json entries = json::parse(t.body)["entry"];
    REQUIRE(entries.size() == 7);  // QR + 2 scores + Task, QR + 2 scores
    REQUIRE(t.owners.size() == 7);
    const json& task = entries[3]["resource"];
    CHECK(task["resourceType"] == "Task");
    CHECK(task["status"] == "requested");
    CHECK(task["intent"] == "order");
    CHECK(task["focus"]["reference"] == entries[0]["fullUrl"]);
    CHECK(task["owner"]["identifier"]["value"] == "alex");
    CHECK(entries[3]["request"]["ifNoneExist"] == "identifier=urn:alliance-kiosk:follow-up|" + r.session_id);
    CHECK(t.owners[3].response_index == 0);
    CHECK_FALSE(t.owners[3].is_questionnaire_response);
    CHECK(t.owners[4].response_index == 1);
    options.follow_up_task = false;
    CHECK(json::parse(fhir::transaction_bundle({&r}, options).body)["entry"].size() == 3);
}

TEST_CASE("the published score CodeSystem and therapist extension are the ones the mapping writes") {
    auto load = [](const std::string& name) {
        std::ifstream in(std::string(ALLIANCE_SOURCE_DIR) + "/content/fhir/" + name);
        REQUIRE(in);
        return json::parse(in);
    };
    const json cs = load("CodeSystem-score.json");
    CHECK(cs["url"] == fhir::score_code_system);
    CHECK(cs["version"] == fhir::score_code_system_version);
    Response r = sample();
    for (const json& code : cs["concept"]) {
        const json obs = fhir::score_observation(r, code["code"], 3.0, "urn:uuid:x");
        CHECK(obs["code"]["coding"][0]["display"] == code["display"]);
    }
    CHECK(load("StructureDefinition-therapist-seen.json")["url"] == fhir::therapist_extension);
    const json flags = load("CodeSystem-feedback-flag.json");
    CHECK(flags["url"] == fhir::flag_tag_system);
    CHECK(flags["concept"][0]["code"] == fhir::flag_tag_code);
}

TEST_CASE(
    "a therapist pulled from the server ([fleet]) is named by its literal Practitioner reference, before the file's") {
    Response r = sample();
    fhir::MappingOptions options;
    options.therapists = {Therapist{"alex", "Alex Rivera", "http://hl7.org/fhir/sid/us-npi", "1234567893", ""}};
    options.pulled_therapists = {Therapist{"alex", "Alex Rivera", "", "", "Practitioner/prac-7"}};
    const json qr = fhir::questionnaire_response(r, options);
    CHECK(qr["extension"][0]["valueReference"]["reference"] == "Practitioner/prac-7");
    options.pulled_therapists.clear();
    CHECK(fhir::questionnaire_response(r, options)["extension"][0]["valueReference"]["identifier"]["value"] ==
          "1234567893");
}
