// Subscale and total scores: mean weight of the answered, enabled, scored items (kiosk/README.md).
#include <doctest/doctest.h>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"

using namespace alliance;

namespace {

const std::string fixtures = std::string(ALLIANCE_TEST_FIXTURES) + "/questionnaires/";

// The option of `link_id` with `code`, as the session flow records it.
AnswerValue pick(const Questionnaire& q, std::string_view link_id, std::string_view code) {
    const Item* item = find_item(q, link_id);
    REQUIRE(item != nullptr);
    for (const auto& o : item->options)
        if (o.coding.code == code) return o.coding;
    FAIL("no option " << code << " in " << link_id);
    return {};
}

Questionnaire shipped() {
    return load_questionnaire(std::string(ALLIANCE_SOURCE_DIR) + "/content/questionnaires/alliance-check.json");
}

}  // namespace

TEST_CASE("the clinic's 12-item questionnaire loads and scores without any code change") {
    Questionnaire q = load_questionnaire(fixtures + "clinic-12.json");
    CHECK(q.subscales == std::vector<std::string>{"expectations", "exercise", "communication"});
    CHECK(q.languages == std::vector<std::string>{"en", "es"});
    CHECK(flatten_items(q).size() == 12);
    CHECK(missing_translations(q, "es").empty());
    CHECK(find_item(q, "c3")->text.in("es") == "Me tratan con respeto.");
    AnswerMap answers;
    const std::pair<const char*, const char*> given[] = {{"e1", "4"}, {"e2", "3"}, {"e3", "4"}, {"e4", "2"},  // 13 / 4
                                                         {"x1", "1"}, {"x2", "2"}, {"x3", "3"},  // x4 skipped: 6 / 3
                                                         {"c1", "4"}, {"c2", "4"}, {"c3", "4"}, {"c4", "3"}};  // 15 / 4
    for (auto [link_id, code] : given) answers[link_id] = {pick(q, link_id, code)};
    auto scores = score_response(q, answers);
    CHECK(scores.size() == 4);
    CHECK(scores.at("expectations") == 3.25);
    CHECK(scores.at("exercise") == 2.0);
    CHECK(scores.at("communication") == 3.75);
    CHECK(scores.at("total") == doctest::Approx(34.0 / 11.0));
}

TEST_CASE("the shipped questionnaire scores each part and the total from the 5-point items only") {
    Questionnaire q = shipped();
    AnswerMap answers{{"main-goal", {pick(q, "main-goal", "work")}},
                      {"goal-discussed", {true}},
                      {"goal-known", {pick(q, "goal-known", "5")}},
                      {"goal-shared", {pick(q, "goal-shared", "4")}},
                      {"task-plan", {pick(q, "task-plan", "3")}},
                      {"task-home", {pick(q, "task-home", "2")}},
                      {"bond-listen", {pick(q, "bond-listen", "5")}},
                      {"bond-trust", {pick(q, "bond-trust", "5")}},
                      {"overall", {9}},
                      {"comment", {std::string("Thanks")}}};
    auto scores = score_response(q, answers);
    CHECK(scores == std::map<std::string, double>{{"goal", 4.5}, {"task", 2.5}, {"bond", 5.0}, {"total", 4.0}});
}

TEST_CASE("skipped items are left out and a subscale with no answer is omitted") {
    Questionnaire q = shipped();
    AnswerMap answers{{"goal-known", {pick(q, "goal-known", "2")}},
                      {"goal-shared", {}},  // skipped
                      {"bond-trust", {pick(q, "bond-trust", "5")}}};
    auto scores = score_response(q, answers);
    CHECK(scores == std::map<std::string, double>{{"goal", 2.0}, {"bond", 5.0}, {"total", 3.5}});
}

TEST_CASE("nothing scored answered gives no scores at all, not zeros") {
    Questionnaire q = shipped();
    CHECK(score_response(q, {}).empty());
    CHECK(score_response(q, {{"overall", {10}}, {"comment", {std::string("ok")}}}).empty());
}

TEST_CASE("an answer whose code is no option of the item does not count") {
    Questionnaire q = shipped();
    AnswerMap answers{{"goal-known", {Coding{"urn:x", "9", "?"}}}, {"goal-shared", {pick(q, "goal-shared", "3")}}};
    CHECK(score_response(q, answers) == std::map<std::string, double>{{"goal", 3.0}, {"total", 3.0}});
}

TEST_CASE("a scored item hidden by its enableWhen does not count even if it was answered earlier") {
    const char* json = R"({"resourceType": "Questionnaire", "url": "urn:q", "status": "active",
      "language": "en", "item": [
       {"linkId": "had-exercises", "type": "boolean", "text": "Did you get exercises?"},
       {"linkId": "exercises-clear", "type": "choice", "text": "Are they clear?",
        "extension": [{"url": "https://alliance-kiosk.org/fhir/StructureDefinition/subscale",
                       "valueCode": "task"}],
        "enableWhen": [{"question": "had-exercises", "operator": "=", "answerBoolean": true}],
        "answerOption": [
         {"valueCoding": {"code": "1", "display": "No"},
          "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 1}]},
         {"valueCoding": {"code": "5", "display": "Yes"},
          "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 5}]}]}]})";
    Questionnaire q = parse_questionnaire(json, "hidden.json");
    AnswerMap answers{{"had-exercises", {true}}, {"exercises-clear", {pick(q, "exercises-clear", "5")}}};
    CHECK(score_response(q, answers).at("task") == 5.0);
    answers["had-exercises"] = {false};
    CHECK(score_response(q, answers).empty());
}
