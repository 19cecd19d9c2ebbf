// The loader refuses everything outside the documented FHIR subset with a message that names the
// file, the item's linkId and the field (kiosk/README.md); what it accepts:
// questionnaire_loader_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"
#include "questionnaire_fixture.h"

using namespace alliance;
using namespace alliance::test;

// ---- refused inputs: one test a kind of mistake, each checking the whole message ----

TEST_CASE("text that is not JSON is refused with the line and column") {
    CHECK(refusal(json()) == "t.json: JSON: expected an object (a FHIR Questionnaire resource)");
    try {
        parse_questionnaire("{\n  \"resourceType\": \"Questionnaire\",\n  oops\n}", "t.json");
        FAIL("loaded");
    } catch (const QuestionnaireError& e) {
        CHECK(std::string(e.what()).rfind("t.json: JSON: parse error at line 3, column 3:", 0) == 0);
    }
}

TEST_CASE("a resource that is not a Questionnaire is refused") {
    json j = base();
    j["resourceType"] = "Patient";
    CHECK(refusal(j) == "t.json: resourceType: expected 'Questionnaire', found 'Patient'");
    j.erase("resourceType");
    CHECK(refusal(j) == "t.json: resourceType: expected 'Questionnaire', found nothing");
}

TEST_CASE("a questionnaire without its language is taken as English and says so; a wrong one is refused") {
    json j = base();
    j.erase("language");
    const Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    CHECK(q.language == "en");
    REQUIRE_FALSE(q.warnings.empty());
    CHECK(q.warnings[0].find("t.json: language: not given; the texts are taken as English") == 0);
    j["language"] = "English";
    CHECK(refusal(j) == "t.json: language: 'English' is not a language code such as 'en' or 'es'");
}

TEST_CASE("an unknown questionnaire-level property is refused") {
    json j = base();
    j["contained"] = json::array();
    CHECK(refusal(j) == "t.json: contained: not supported by the kiosk; the questionnaire must stand alone");
    j.erase("contained");
    j["status"] = "published";
    CHECK(refusal(j) == "t.json: status: expected draft, active, retired or unknown, found 'published'");
}

TEST_CASE("an item type outside the subset is refused") {
    json j = base();
    j["item"][1]["type"] = "decimal";
    CHECK(refusal(j) ==
          "t.json: item 'score': type: item type 'decimal' is not supported (supported: "
          "group, display, choice, integer, boolean, string, text)");
}

TEST_CASE("answerValueSet is refused: answers must be listed in answerOption") {
    json j = base();
    j["item"][0]["answerValueSet"] = "http://example.org/ValueSet/x";
    CHECK(refusal(j) ==
          "t.json: item 'mood': answerValueSet: not supported by the kiosk; list the answers in answerOption");
}

TEST_CASE("initial values and answerConstraint are refused") {
    json j = base();
    j["item"][1]["initial"] = {{{"valueInteger", 5}}};
    CHECK(refusal(j) ==
          "t.json: item 'score': initial: not supported by the kiosk; a patient always starts from no answer");
    j = base();
    j["item"][0]["answerConstraint"] = "optionsOrString";
    CHECK(refusal(j) ==
          "t.json: item 'mood': answerConstraint: not supported by the kiosk (FHIR R5); "
          "use type choice with answerOption");
}

TEST_CASE("an item without a linkId is refused, named by its position") {
    json j = base();
    j["item"][2].erase("linkId");
    CHECK(refusal(j) == "t.json: item[2]: linkId: required, a non-empty string");
    j["item"][2]["linkId"] = "has space";
    CHECK(refusal(j) == "t.json: item[2]: linkId: 'has space' must be 1–64 letters, digits, '-', '_', '.' or '/'");
}

TEST_CASE("two items with the same linkId are refused") {
    json j = base();
    j["item"][3]["linkId"] = "ok";
    CHECK(refusal(j) == "t.json: item 'ok': linkId: duplicate: another item already has linkId 'ok'");
}

TEST_CASE("a choice item without answer options is refused") {
    json j = base();
    j["item"][0].erase("answerOption");
    CHECK(refusal(j) == "t.json: item 'mood': answerOption: a choice item needs a non-empty list of answer options");
    j = base();
    j["item"][0]["answerOption"][1] = {{"valueString", "Good"}};
    CHECK(refusal(j) == "t.json: item 'mood': answerOption[1].valueString: property not supported by the kiosk");
}

TEST_CASE("a scored choice item with an option missing its weight is refused") {
    json j = base();
    j["item"][0]["answerOption"][1].erase("extension");
    CHECK(refusal(j) ==
          "t.json: item 'mood': answerOption[1].extension: missing weight: the item is scored in "
          "subscale 'bond'; expected extension 'http://hl7.org/fhir/StructureDefinition/itemWeight' "
          "or 'http://hl7.org/fhir/StructureDefinition/ordinalValue'");
}

TEST_CASE("an option marked not-scored needs no weight in a scored item, and is kept as not scored") {
    json j = base();
    j["item"][0]["answerOption"].push_back(
        {{"valueCoding",
          {{"system", "urn:s"},
           {"code", "n-a"},
           {"display", "Does not apply"},
           {"_display", translation("es", "No corresponde")}}},
         {"extension",
          {{{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/not-scored"}, {"valueBoolean", true}}}}});
    const Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    REQUIRE(q.items.at(0).options.size() == 3);
    CHECK(q.items[0].options[2].not_scored);
    CHECK_FALSE(q.items[0].options[2].weight);
    CHECK_FALSE(q.items[0].options[0].not_scored);
    // Scored as not asked: the other answers' weights alone.
    CHECK(score_response(q, {{"mood", {Coding{"urn:s", "n-a", ""}}}}).empty());
}

TEST_CASE("an option marked not-scored that also has a weight, or not-scored without a boolean, is refused") {
    json j = base();
    j["item"][0]["answerOption"][1]["extension"].push_back(
        {{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/not-scored"}, {"valueBoolean", true}});
    CHECK(refusal(j) ==
          "t.json: item 'mood': answerOption[1].extension: an option marked not-scored has no "
          "weight; remove one of the two");
    j = base();
    j["item"][0]["answerOption"][1]["extension"] = {
        {{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/not-scored"}, {"valueString", "yes"}}};
    CHECK(refusal(j).find("answerOption[1].extension[0].valueString: extension "
                          "'https://alliance-kiosk.org/fhir/StructureDefinition/not-scored' needs a valueBoolean") !=
          std::string::npos);
}

TEST_CASE("an integer item without both bounds, or with a range too wide to show, is refused") {
    json j = base();
    j["item"][1]["extension"].erase(1);
    CHECK(refusal(j) ==
          "t.json: item 'score': extension: an integer item needs both bounds: extensions "
          "'http://hl7.org/fhir/StructureDefinition/minValue' and "
          "'http://hl7.org/fhir/StructureDefinition/maxValue' (valueInteger)");
    j = base();
    j["item"][1]["extension"][1]["valueInteger"] = 100;
    CHECK(refusal(j) ==
          "t.json: item 'score': extension: minValue 0 and maxValue 100: expected maxValue "
          "above minValue by at most 10 (e.g. 0 to 10)");
}

TEST_CASE("enableWhen on an unknown or later linkId is refused") {
    json j = base();
    j["item"][2]["enableWhen"][0]["question"] = "nobody";
    CHECK(refusal(j) == "t.json: item 'ok': enableWhen[0].question: 'nobody' is not a linkId in this questionnaire");
    j = base();
    j["item"][2]["enableWhen"][0] = {{"question", "note"}, {"operator", "exists"}, {"answerBoolean", true}};
    CHECK(refusal(j) ==
          "t.json: item 'ok': enableWhen[0].question: 'note' comes later; enableWhen may "
          "only refer to earlier questions");
    j["item"][2]["enableWhen"][0]["question"] = "ok";
    CHECK(refusal(j) == "t.json: item 'ok': enableWhen[0].question: an item cannot depend on its own answer");
}

TEST_CASE("enableWhen whose answer does not fit the question is refused") {
    json j = base();
    j["item"][2]["enableWhen"][0] = {{"question", "mood"}, {"operator", "="}, {"answerInteger", 2}};
    CHECK(refusal(j) ==
          "t.json: item 'ok': enableWhen[0].answerInteger: 'mood' is a choice item; "
          "expected answerCoding");
    j["item"][2]["enableWhen"][0] = {{"question", "mood"}, {"operator", "="}, {"answerCoding", {{"code", "9"}}}};
    CHECK(refusal(j) == "t.json: item 'ok': enableWhen[0].answerCoding.code: '9' is not an answer option of 'mood'");
    j["item"][2]["enableWhen"][0] = {{"question", "mood"}, {"operator", ">"}, {"answerCoding", {{"code", "1"}}}};
    CHECK(refusal(j) ==
          "t.json: item 'ok': enableWhen[0].operator: '>', '<', '>=' and '<=' need an "
          "integer or string question; 'mood' is a choice item");
    j["item"][2]["enableWhen"][0] = {{"question", "score"}, {"operator", ">"}, {"answerDecimal", 2.5}};
    CHECK(refusal(j) ==
          "t.json: item 'ok': enableWhen[0].answerDecimal: not supported; use "
          "answerBoolean, answerInteger, answerString or answerCoding");
    j["item"][2]["enableWhen"][0] = {{"question", "score"}, {"operator", "~"}, {"answerInteger", 2}};
    CHECK(refusal(j) ==
          "t.json: item 'ok': enableWhen[0].operator: '~' is not one of exists, =, !=, >, "
          "<, >=, <=");
}

TEST_CASE("two enableWhen conditions without enableBehavior are refused") {
    json j = base();
    j["item"][3]["enableWhen"] = {{{"question", "ok"}, {"operator", "exists"}, {"answerBoolean", true}},
                                  {{"question", "score"}, {"operator", "<"}, {"answerInteger", 5}}};
    CHECK(refusal(j) ==
          "t.json: item 'note': enableBehavior: required when there is more than one "
          "enableWhen ('all' or 'any')");
    j["item"][3]["enableBehavior"] = "most";
    CHECK(refusal(j) == "t.json: item 'note': enableBehavior: expected 'all' or 'any', found 'most'");
    j["item"][3]["enableBehavior"] = "any";
    CHECK(refusal(j) == "(loaded)");
}

TEST_CASE("an item extension outside the subset is ignored and named in one warning; a malformed one is refused") {
    json j = base();
    j["item"][0]["extension"].push_back({{"url", "http://example.org/tooltip"}, {"valueString", "x"}});
    const Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    REQUIRE(q.warnings.size() == 1);
    CHECK(q.warnings[0] ==
          "t.json: ignored 1 extension(s) the kiosk does not use (they change nothing the "
          "patient is asked): http://example.org/tooltip");
    j["item"][0]["extension"][1].erase("valueString");
    CHECK(refusal(j) ==
          "t.json: item 'mood': extension[1].value[x]: extension 'http://example.org/tooltip' has no value");
}

TEST_CASE("a subscale that is neither built in nor declared is refused") {
    json j = base();
    j["item"][0]["extension"][0]["valueCode"] = "mood";
    CHECK(refusal(j) ==
          "t.json: item 'mood': extension[0].valueCode: subscale 'mood' is neither goal, "
          "task, bond nor declared on the Questionnaire (extension "
          "'https://alliance-kiosk.org/fhir/StructureDefinition/subscale')");
    j["extension"] = {
        {{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/subscale"}, {"valueCode", "mood"}},
        {{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/subscale"}, {"valueCode", "spare"}}};
    CHECK(refusal(j) == "t.json: extension: subscale 'spare' is declared but no item is scored in it");
    j["extension"].erase(1);
    CHECK(parse_questionnaire(j.dump(), "t.json").subscales == std::vector<std::string>{"mood"});
    j["extension"][0]["valueCode"] = "total";
    CHECK(refusal(j) ==
          "t.json: extension[0].valueCode: subscale 'total': expected 1–32 letters, "
          "digits, '-', '_' or '.', and not 'total'");
}

TEST_CASE("a translation without content, or into the base language, is refused") {
    json j = base();
    j["item"][0]["_text"]["extension"][0]["extension"].erase(1);
    CHECK(refusal(j) ==
          "t.json: item 'mood': _text.extension[0].extension: translation without its "
          "'content' sub-extension");
    j = base();
    j["item"][0]["_text"] = translation("en", "How?");
    CHECK(refusal(j) ==
          "t.json: item 'mood': _text.extension[0].lang: 'en' is the questionnaire's base "
          "language; put that text in the element itself");
}

TEST_CASE("properties that do not fit the item type are refused") {
    json j = base();
    j["item"].push_back({{"linkId", "hello"}, {"type", "display"}, {"text", "Hi"}, {"required", true}});
    CHECK(refusal(j) == "t.json: item 'hello': required: a display item has no answer to require");
    j = base();
    j["item"][1]["repeats"] = true;
    CHECK(refusal(j) == "t.json: item 'score': repeats: only choice items can repeat (multi-select)");
    j = base();
    j["item"][3]["item"] = {{{"linkId", "sub"}, {"type", "string"}, {"text", "More"}}};
    CHECK(refusal(j) == "t.json: item 'note': item: only groups may contain items");
    j = base();
    j["item"][2]["text"] = 42;
    CHECK(refusal(j) == "t.json: item 'ok': text: expected a string, found an integer");
}

TEST_CASE("a group must hold items and may not carry conditions") {
    json j = base();
    j["item"].push_back({{"linkId", "g"}, {"type", "group"}, {"item", json::array()}});
    CHECK(refusal(j) == "t.json: item 'g': item: a group needs a non-empty list of items");
    j["item"].back()["item"] = {{{"linkId", "in"}, {"type", "boolean"}, {"text", "In?"}}};
    j["item"].back()["enableWhen"] = {{{"question", "ok"}, {"operator", "exists"}, {"answerBoolean", true}}};
    CHECK(refusal(j) ==
          "t.json: item 'g': enableWhen: not supported on a group; put the condition on "
          "each item in it");
}

TEST_CASE("groups nested too deep are refused rather than recursed into") {
    json inner = {{"linkId", "leaf"}, {"type", "boolean"}, {"text", "?"}};
    for (int depth = 0; depth < 6; ++depth)
        inner = {{"linkId", "g" + std::to_string(depth)}, {"type", "group"}, {"item", {inner}}};
    json j = base();
    j["item"].push_back(inner);
    CHECK(refusal(j) == "t.json: item 'g1': item: groups nested deeper than 4 levels");
}
