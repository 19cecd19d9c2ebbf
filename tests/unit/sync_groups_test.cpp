// Groups stay groups: a grouped Questionnaire's answers reach the server nested exactly as the
// Questionnaire nests its items (a flat list puts items where validators reject them).
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/response_record.h"
#include "sync/fhir_mapping.h"

using namespace alliance;
using nlohmann::json;

namespace {

const std::string fixtures = std::string(ALLIANCE_TEST_FIXTURES) + "/questionnaires/";

json read_json(const std::string& file) {
    std::ifstream in(file);
    return json::parse(in);
}

// linkId -> the linkIds of its enclosing groups, read from the raw Questionnaire JSON (not the
// kiosk's model), so the check does not share the code it checks.
void questionnaire_paths(const json& items, std::vector<std::string>& path,
                         std::map<std::string, std::vector<std::string>>& out) {
    for (const auto& item : items) {
        out[item["linkId"].get<std::string>()] = path;
        if (item.contains("item")) {
            path.push_back(item["linkId"]);
            questionnaire_paths(item["item"], path, out);
            path.pop_back();
        }
    }
}

// Every QuestionnaireResponse item sits where the Questionnaire has it: groups hold items and no
// answer, questions hold answers and no items, and no group is left empty. Returns the answered
// linkIds in order.
std::vector<std::string> check_nesting(const json& qr_items,
                                       const std::map<std::string, std::vector<std::string>>& paths,
                                       std::vector<std::string>& path) {
    std::vector<std::string> answered;
    for (const auto& item : qr_items) {
        const std::string link_id = item["linkId"];
        REQUIRE_MESSAGE(paths.count(link_id) == 1, link_id << " is not in the Questionnaire");
        CHECK_MESSAGE(paths.at(link_id) == path, link_id << " is nested in the wrong place");
        CHECK_MESSAGE(item.contains("item") != item.contains("answer"), link_id << " must have items or answers");
        if (item.contains("item")) {
            CHECK_FALSE(item["item"].empty());
            path.push_back(link_id);
            for (const auto& a : check_nesting(item["item"], paths, path)) answered.push_back(a);
            path.pop_back();
        } else {
            answered.push_back(link_id);
        }
    }
    return answered;
}

std::vector<std::string> answered_in_place(const std::string& file, const Response& r) {
    std::map<std::string, std::vector<std::string>> paths;
    std::vector<std::string> path;
    questionnaire_paths(read_json(file)["item"], path, paths);
    const json qr = sync::fhir::questionnaire_response(r);
    REQUIRE(qr.contains("item"));
    return check_nesting(qr["item"], paths, path);
}

AnswerValue pick(const Questionnaire& q, std::string_view link_id, std::string_view code) {
    for (const auto& o : find_item(q, link_id)->options)
        if (o.coding.code == code) return o.coding;
    FAIL("no option " << code);
    return {};
}

}  // namespace

TEST_CASE("the clinic-12 questionnaire's answers are uploaded inside their three groups, in order") {
    const std::string file = fixtures + "clinic-12.json";
    const Questionnaire q = load_questionnaire(file);
    AnswerMap answers;
    for (const char* id : {"e1", "e3", "x2", "c1", "c4"}) answers[id] = {pick(q, id, "3")};
    const Response r = completed_response(q, answers);
    CHECK(answered_in_place(file, r) == std::vector<std::string>{"e1", "e3", "x2", "c1", "c4"});
    const json items = sync::fhir::questionnaire_response(r)["item"];
    REQUIRE(items.size() == 3);
    CHECK(items[0]["linkId"] == "expectations");
    CHECK(items[0]["item"].size() == 2);
    CHECK(items[1]["linkId"] == "exercise");
    CHECK(items[2]["linkId"] == "communication");
    CHECK(items[2]["item"][1] == json{{"linkId", "c4"},
                                      {"answer",
                                       {{{"valueCoding",
                                          {{"code", "3"},
                                           {"system", "http://clinic.example.org/fhir/CodeSystem/frequency-5"},
                                           {"display", "Often"}}}}}}});
}

TEST_CASE("a nested group with enableWhen nests two deep, and a group with nothing answered is left out") {
    const std::string file = fixtures + "nested-groups.json";
    const Questionnaire q = load_questionnaire(file);
    AnswerMap answers{{"had-pain", {true}},
                      {"pain-level", {6}},
                      {"pain-where", {std::string("knee")}},
                      {"felt-heard", {true}},
                      {"comment", {std::string("thanks")}}};
    CHECK(answered_in_place(file, completed_response(q, answers)) ==
          std::vector<std::string>{"had-pain", "pain-level", "pain-where", "felt-heard", "comment"});
    const json pain = sync::fhir::questionnaire_response(completed_response(q, answers))["item"][0]["item"][1];
    CHECK(pain["linkId"] == "pain");
    CHECK(pain["item"][0] == json{{"linkId", "pain-level"}, {"answer", {{{"valueInteger", 6}}}}});

    // No pain: the pain questions are disabled, their stale answers dropped, and the pain group
    // is not sent empty; the group around it still is.
    answers["had-pain"] = {false};
    const json items = sync::fhir::questionnaire_response(completed_response(q, answers))["item"];
    CHECK(answered_in_place(file, completed_response(q, answers)) ==
          std::vector<std::string>{"had-pain", "felt-heard", "comment"});
    REQUIRE(items.size() == 2);
    CHECK(items[0]["item"].size() == 2);
    CHECK(items[0]["item"][1]["linkId"] == "felt-heard");
}

TEST_CASE("the frozen response keeps each answer's groups, and one frozen before them stays flat") {
    const Questionnaire q = load_questionnaire(fixtures + "nested-groups.json");
    const Response r = completed_response(q, {{"pain-level", {3}}, {"had-pain", {true}}});
    const Response back = response_from_json(to_json(r));
    REQUIRE(back.answers.size() == 2);
    CHECK(back.answers[1].groups == std::vector<std::string>{"visit", "pain"});
    CHECK(to_json(r)["answers"][1]["groups"] == json{"visit", "pain"});

    json old = to_json(r);
    for (auto& a : old["answers"]) a.erase("groups");
    const json items = sync::fhir::questionnaire_response(response_from_json(old))["item"];
    CHECK(items.size() == 2);
    CHECK(items[1]["linkId"] == "pain-level");
}

TEST_CASE("a walked-away response frozen without groups is nested by its questionnaire, in display order") {
    const std::string file = fixtures + "nested-groups.json";
    const Questionnaire q = load_questionnaire(file);
    Response r = completed_response(q, {{"comment", {std::string("x")}}, {"had-pain", {true}}, {"pain-level", {4}}});
    r.status = "stopped";
    // As the store freezes a stopped session: answers in the order given, no groups.
    r.answers = {{"comment", {std::string("x")}}, {"pain-level", {4}}, {"had-pain", {true}}};
    sync::fhir::MappingOptions options;
    options.questionnaires = {q};
    std::map<std::string, std::vector<std::string>> paths;
    std::vector<std::string> path;
    questionnaire_paths(read_json(file)["item"], path, paths);
    const json qr = sync::fhir::questionnaire_response(r, options);
    CHECK(check_nesting(qr["item"], paths, path) == std::vector<std::string>{"had-pain", "pain-level", "comment"});

    // Another version of the questionnaire: nothing to nest by, so flat as frozen.
    options.questionnaires[0].version = "2";
    CHECK(sync::fhir::questionnaire_response(r, options)["item"].size() == 3);
}
