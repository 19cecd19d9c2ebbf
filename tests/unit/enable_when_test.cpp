// enableWhen with FHIR R4 semantics: every operator on each answer type, enableBehavior, and
// stale answers of hidden items.
#include <doctest/doctest.h>

#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire_loader.h"

using namespace alliance;

namespace {

Item conditional(std::vector<EnableWhen> conditions, EnableBehavior behavior = EnableBehavior::all) {
    Item item;
    item.link_id = "later";
    item.type = ItemType::boolean;
    item.enable_when = std::move(conditions);
    item.enable_behavior = behavior;
    return item;
}

EnableWhen when(std::string question, EnableOperator op, AnswerValue answer) {
    return EnableWhen{std::move(question), op, std::move(answer)};
}

const Coding pain{"urn:goal", "less-pain", "Less pain"};
const Coding work{"urn:goal", "work", "Get back to work"};

}  // namespace

TEST_CASE("an item without conditions is always enabled") { CHECK(item_enabled(conditional({}), {})); }

TEST_CASE("exists true needs an answer and exists false needs none") {
    Item needs = conditional({when("q", EnableOperator::exists, true)});
    Item needs_none = conditional({when("q", EnableOperator::exists, false)});
    AnswerMap answered{{"q", {7}}};
    AnswerMap skipped{{"q", {}}};
    CHECK(item_enabled(needs, answered));
    CHECK_FALSE(item_enabled(needs, skipped));
    CHECK_FALSE(item_enabled(needs, {}));
    CHECK(item_enabled(needs_none, {}));
    CHECK_FALSE(item_enabled(needs_none, answered));
}

TEST_CASE("equals on a coding matches system and code, among several answers of a repeating item") {
    Item item = conditional({when("goal", EnableOperator::equals, work)});
    CHECK(item_enabled(item, {{"goal", {pain, work}}}));
    CHECK_FALSE(item_enabled(item, {{"goal", {pain}}}));
    CHECK_FALSE(item_enabled(item, {{"goal", {Coding{"urn:other", "work", ""}}}}));
}

TEST_CASE("not-equals holds when no answer equals the value, including when the question was skipped") {
    Item item = conditional({when("goal", EnableOperator::not_equals, work)});
    CHECK(item_enabled(item, {{"goal", {pain}}}));
    CHECK_FALSE(item_enabled(item, {{"goal", {pain, work}}}));
    CHECK(item_enabled(item, {}));
}

TEST_CASE("ordering operators compare integers") {
    AnswerMap five{{"n", {5}}};
    CHECK(item_enabled(conditional({when("n", EnableOperator::greater, 4)}), five));
    CHECK_FALSE(item_enabled(conditional({when("n", EnableOperator::greater, 5)}), five));
    CHECK(item_enabled(conditional({when("n", EnableOperator::greater_or_equal, 5)}), five));
    CHECK(item_enabled(conditional({when("n", EnableOperator::less, 6)}), five));
    CHECK_FALSE(item_enabled(conditional({when("n", EnableOperator::less, 5)}), five));
    CHECK(item_enabled(conditional({when("n", EnableOperator::less_or_equal, 5)}), five));
    CHECK(item_enabled(conditional({when("n", EnableOperator::equals, 5)}), five));
    CHECK_FALSE(item_enabled(conditional({when("n", EnableOperator::greater, 0)}), {}));
}

TEST_CASE("booleans and strings compare by value") {
    CHECK(item_enabled(conditional({when("b", EnableOperator::equals, false)}), {{"b", {false}}}));
    CHECK_FALSE(item_enabled(conditional({when("b", EnableOperator::equals, true)}), {{"b", {false}}}));
    AnswerMap s{{"s", {std::string("beta")}}};
    CHECK(item_enabled(conditional({when("s", EnableOperator::equals, std::string("beta"))}), s));
    CHECK(item_enabled(conditional({when("s", EnableOperator::greater, std::string("alpha"))}), s));
    CHECK_FALSE(item_enabled(conditional({when("s", EnableOperator::less, std::string("alpha"))}), s));
}

TEST_CASE("an answer of another type never satisfies a condition") {
    CHECK_FALSE(item_enabled(conditional({when("n", EnableOperator::equals, 1)}), {{"n", {true}}}));
    CHECK(item_enabled(conditional({when("n", EnableOperator::not_equals, 1)}), {{"n", {true}}}));
}

TEST_CASE("enableBehavior all needs every condition and any needs one") {
    std::vector<EnableWhen> both{when("a", EnableOperator::equals, true), when("b", EnableOperator::greater, 3)};
    AnswerMap only_a{{"a", {true}}, {"b", {2}}};
    AnswerMap a_and_b{{"a", {true}}, {"b", {4}}};
    CHECK_FALSE(item_enabled(conditional(both, EnableBehavior::all), only_a));
    CHECK(item_enabled(conditional(both, EnableBehavior::all), a_and_b));
    CHECK(item_enabled(conditional(both, EnableBehavior::any), only_a));
    CHECK_FALSE(item_enabled(conditional(both, EnableBehavior::any), {{"a", {false}}}));
}

TEST_CASE("answers of items that have since been hidden are dropped, along a chain of conditions") {
    // pain? -> (yes) how bad? -> (> 5) seen a doctor?
    const char* json = R"({"resourceType": "Questionnaire", "url": "urn:q", "status": "active",
      "language": "en", "item": [
       {"linkId": "pain", "type": "boolean", "text": "Pain?"},
       {"linkId": "level", "type": "integer", "text": "How bad?",
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                      {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}],
        "enableWhen": [{"question": "pain", "operator": "=", "answerBoolean": true}]},
       {"linkId": "doctor", "type": "boolean", "text": "Seen a doctor?",
        "enableWhen": [{"question": "level", "operator": ">", "answerInteger": 5}]}]})";
    Questionnaire q = parse_questionnaire(json, "chain.json");
    // The patient said yes, 8, yes; then went Back and changed the first answer to no.
    AnswerMap answers{{"pain", {false}}, {"level", {8}}, {"doctor", {true}}};
    AnswerMap kept = enabled_answers(q, answers);
    CHECK(kept.count("pain") == 1);
    CHECK(kept.count("level") == 0);
    CHECK(kept.count("doctor") == 0);
    CHECK_FALSE(item_enabled(*find_item(q, "doctor"), kept));
    answers["pain"] = {true};
    CHECK(enabled_answers(q, answers).size() == 3);
}
