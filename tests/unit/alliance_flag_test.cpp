// The low-alliance flag: the rule lives in the questionnaire (flag-* extensions); the shipped
// default flags a total below 90% of its maximum or any alliance item at or below the middle.
#include <doctest/doctest.h>

#include "core/questionnaire/alliance_flag.h"
#include "core/questionnaire/questionnaire_loader.h"

using namespace alliance;

namespace {

Questionnaire shipped() {
    return load_questionnaire(std::string(ALLIANCE_SOURCE_DIR) + "/content/questionnaires/alliance-check.json");
}

// The six alliance items of the shipped questionnaire answered with these codes (1–5).
AnswerMap alliance_answers(int goal_known, int goal_shared, int task_plan, int task_home, int bond_listen,
                           int bond_trust) {
    const std::string system = "https://alliance-kiosk.org/fhir/CodeSystem/how-much";
    AnswerMap a;
    const std::pair<const char*, int> given[] = {{"goal-known", goal_known},   {"goal-shared", goal_shared},
                                                 {"task-plan", task_plan},     {"task-home", task_home},
                                                 {"bond-listen", bond_listen}, {"bond-trust", bond_trust}};
    for (auto [link_id, code] : given) a[link_id] = {Coding{system, std::to_string(code), ""}};
    return a;
}

Questionnaire with_rule(const std::string& rule_extensions) {
    return parse_questionnaire(
        R"({"resourceType": "Questionnaire", "url": "urn:q", "status": "active", "language": "en",
            "extension": [)" +
            rule_extensions + R"(],
            "item": [{"linkId": "g", "type": "choice", "text": "?",
              "extension": [{"url": "https://alliance-kiosk.org/fhir/StructureDefinition/subscale", "valueCode": "goal"}],
              "answerOption": [
               {"valueCoding": {"code": "0", "display": "0"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 0}]},
               {"valueCoding": {"code": "5", "display": "5"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 5}]},
               {"valueCoding": {"code": "10", "display": "10"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 10}]}]}]})",
        "rule.json");
}

}  // namespace

TEST_CASE("the shipped questionnaire carries the default rule: total below 90 percent, item at or below the middle") {
    const Questionnaire q = shipped();
    CHECK(q.flag_rule.total_below == 0.9);
    CHECK(q.flag_rule.item_at_or_below == 0.5);
}

TEST_CASE("all answers Mostly or better with a total of 27 of 30 is not flagged") {
    CHECK(low_alliance_parts(shipped(), alliance_answers(5, 5, 4, 4, 5, 4)).empty());
}

TEST_CASE("a total just below 90 percent flags the total only") {
    // 26 of 30, every item at 4 or 5.
    CHECK(low_alliance_parts(shipped(), alliance_answers(4, 5, 4, 4, 5, 4)) == std::vector<std::string>{"total"});
}

TEST_CASE("one item at the middle of its scale flags its part even when the total is high") {
    // 27 of 30 but bond-trust "Somewhat" (3).
    CHECK(low_alliance_parts(shipped(), alliance_answers(5, 5, 5, 5, 4, 3)) == std::vector<std::string>{"bond"});
}

TEST_CASE("several low parts are listed in the questionnaire's subscale order, then the total") {
    CHECK(low_alliance_parts(shipped(), alliance_answers(5, 5, 2, 5, 1, 5)) ==
          std::vector<std::string>{"task", "bond", "total"});
}

TEST_CASE("nothing scored answered is not flagged") {
    CHECK(low_alliance_parts(shipped(), {{"overall", {2}}}).empty());
}

TEST_CASE("a clinic calibrates the rule in its questionnaire file") {
    const std::string base = "https://alliance-kiosk.org/fhir/StructureDefinition/";
    const AnswerMap middle{{"g", {Coding{"", "5", ""}}}};
    SUBCASE("without the extensions the default rule applies") {
        CHECK(low_alliance_parts(with_rule(""), middle) == std::vector<std::string>{"goal", "total"});
    }
    SUBCASE("a lower item line and total line stop flagging the middle answer") {
        const Questionnaire q = with_rule(R"({"url": ")" + base + R"(flag-total-below", "valueDecimal": 0.5},
                                             {"url": ")" +
                                          base + R"(flag-item-at-or-below", "valueDecimal": 0.25})");
        CHECK(low_alliance_parts(q, middle).empty());
        CHECK(low_alliance_parts(q, {{"g", {Coding{"", "0", ""}}}}) == std::vector<std::string>{"goal", "total"});
    }
    SUBCASE("-1 switches the item rule off and 0 the total rule") {
        const Questionnaire q = with_rule(R"({"url": ")" + base + R"(flag-total-below", "valueDecimal": 0},
                                             {"url": ")" +
                                          base + R"(flag-item-at-or-below", "valueDecimal": -1})");
        CHECK(low_alliance_parts(q, {{"g", {Coding{"", "0", ""}}}}).empty());
    }
}

TEST_CASE("a flag rule out of range is refused naming the file and the extension") {
    const std::string base = "https://alliance-kiosk.org/fhir/StructureDefinition/";
    CHECK_THROWS_WITH_AS(with_rule(R"({"url": ")" + base + R"(flag-total-below", "valueDecimal": 90})"),
                         doctest::Contains("rule.json: extension[0].valueDecimal: a share of the total's maximum"),
                         QuestionnaireError);
}

TEST_CASE("a report role on an item of the wrong type is refused naming the item") {
    const std::string json = R"({"resourceType": "Questionnaire", "url": "urn:q", "status": "active", "language": "en",
        "item": [{"linkId": "note", "type": "boolean", "text": "?",
          "extension": [{"url": "https://alliance-kiosk.org/fhir/StructureDefinition/report-role", "valueCode": "rating"}]}]})";
    CHECK_THROWS_WITH_AS(
        parse_questionnaire(json, "role.json"),
        doctest::Contains("item 'note': extension[0].valueCode: report role 'rating' needs an integer item"),
        QuestionnaireError);
}

TEST_CASE("the shipped questionnaire names its rating, main goal, goal-discussed and comment items") {
    const Questionnaire q = shipped();
    CHECK(find_item(q, "overall")->report_role == ReportRole::rating);
    CHECK(find_item(q, "main-goal")->report_role == ReportRole::main_goal);
    CHECK(find_item(q, "goal-discussed")->report_role == ReportRole::goal_discussed);
    CHECK(find_item(q, "comment")->report_role == ReportRole::comment);
}
