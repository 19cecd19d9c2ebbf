// The loader accepts the documented FHIR subset (kiosk/README.md) into the model, and each bad
// clinic file in the fixtures is refused with the message beside it; the refusals of each kind of
// mistake: questionnaire_refusals_test.cpp.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"
#include "questionnaire_fixture.h"

using namespace alliance;
using namespace alliance::test;

TEST_CASE("a questionnaire with every supported item type loads into the model") {
    Questionnaire q = parse_questionnaire(base().dump(), "t.json");
    CHECK(q.source_file == "t.json");
    CHECK(q.url == "https://example.org/Questionnaire/t");
    CHECK(q.language == "en");
    CHECK(q.title.in("es") == "Prueba");
    REQUIRE(q.items.size() == 4);
    const Item& mood = q.items[0];
    CHECK(mood.type == ItemType::choice);
    CHECK(mood.required);
    CHECK(mood.subscale == "bond");
    REQUIRE(mood.options.size() == 2);
    CHECK(mood.options[1].coding.code == "2");
    CHECK(mood.options[1].coding.display == "Good");
    CHECK(mood.options[1].display.in("es") == "Bien");
    CHECK(*mood.options[1].weight == 2.0);
    const Item& score = q.items[1];
    CHECK(score.min_value == 0);
    CHECK(score.max_value == 10);
    CHECK(score.min_label.in("es") == "Pésimo");
    CHECK(score.max_label.base.empty());
    CHECK(q.items[2].type == ItemType::boolean);
    CHECK(item_type_name(q.items[1].type) == "integer");
    CHECK_FALSE(q.items[3].required);
    CHECK(q.subscales == std::vector<std::string>{"bond"});
}

TEST_CASE("languages list the base language first, then each translation found") {
    json j = base();
    j["item"][3]["_text"] = translation("pt-BR", "Mais alguma coisa?");
    Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    CHECK(q.languages == std::vector<std::string>{"en", "es", "pt-BR"});
}

TEST_CASE("an enableWhen coding given by code alone is completed from the item's options") {
    Questionnaire q = parse_questionnaire(base().dump(), "t.json");
    const auto& ew = q.items[2].enable_when.at(0);
    CHECK(ew.question == "mood");
    CHECK(ew.op == EnableOperator::equals);
    CHECK(std::get<Coding>(ew.answer) == Coding{"urn:s", "2", ""});
    CHECK(std::get<Coding>(ew.answer).display == "Good");
}

TEST_CASE("ordinalValue on the coding counts as the option's weight, like itemWeight") {
    json j = base();
    for (auto& o : j["item"][0]["answerOption"]) {
        double w = o["extension"][0]["valueDecimal"];
        o.erase("extension");
        o["valueCoding"]["extension"] = {
            {{"url", "http://hl7.org/fhir/StructureDefinition/ordinalValue"}, {"valueDecimal", w * 10}}};
    }
    Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    CHECK(*q.items[0].options[0].weight == 10.0);
    CHECK(*q.items[0].options[1].weight == 20.0);
}

TEST_CASE("metadata the kiosk does not use is accepted and ignored") {
    json j = base();
    j["publisher"] = "Clinic";
    j["_publisher"] = json::object();
    j["date"] = "2026-01-01";
    j["meta"] = {{"versionId", "2"}};
    j["item"][0]["code"] = {{{"system", "http://loinc.org"}, {"code", "1234-5"}}};
    CHECK(refusal(j) == "(loaded)");
}

TEST_CASE("groups are flattened in display order and find_item looks inside them") {
    json j = base();
    json group = {{"linkId", "g"}, {"type", "group"}, {"text", "Part two"}, {"item", {j["item"][2], j["item"][3]}}};
    j["item"].erase(3);
    j["item"].erase(2);
    j["item"].push_back(group);
    j["item"].push_back({{"linkId", "intro"}, {"type", "display"}, {"text", "Thanks"}});
    Questionnaire q = parse_questionnaire(j.dump(), "t.json");
    std::vector<std::string> order;
    for (const Item* item : flatten_items(q)) order.push_back(item->link_id);
    CHECK(order == std::vector<std::string>{"mood", "score", "ok", "note", "intro"});
    REQUIRE(find_item(q, "note") != nullptr);
    CHECK(find_item(q, "note")->type == ItemType::text);
    CHECK(find_item(q, "g")->type == ItemType::group);
    CHECK(find_item(q, "nope") == nullptr);
}

TEST_CASE("missing_translations names every text without the language") {
    Questionnaire q = parse_questionnaire(base().dump(), "t.json");
    CHECK(missing_translations(q, "es") ==
          std::vector<std::string>{"item 'score': text", "item 'ok': text", "item 'note': text"});
    CHECK(missing_translations(q, "en").empty());
    CHECK(missing_translations(q, "fr").size() == 8);
}

TEST_CASE("a questionnaire file is read from disk and errors name the path") {
    Questionnaire q = load_questionnaire(fixtures + "clinic-12.json");
    CHECK(q.source_file == fixtures + "clinic-12.json");
    CHECK_THROWS_WITH_AS(load_questionnaire(fixtures + "no-such-file.json"),
                         (fixtures + "no-such-file.json: file: cannot read: No such file or directory").c_str(),
                         QuestionnaireError);
}

TEST_CASE("the example in kiosk/README.md loads as documented") {
    std::ifstream in(std::string(ALLIANCE_SOURCE_DIR) + "/kiosk/README.md");
    std::stringstream text;
    text << in.rdbuf();
    std::string readme = text.str();
    auto section = readme.find("## Questionnaire model and supported FHIR subset");
    auto example = readme.find("### Example", section);
    auto start = readme.find("```json\n", example);
    REQUIRE(start != std::string::npos);
    start += 8;
    auto end = readme.find("```", start);
    Questionnaire q = parse_questionnaire(readme.substr(start, end - start), "README example");
    CHECK(q.subscales == std::vector<std::string>{"plan"});
    CHECK(q.items.at(0).text.in("es") == "¿Su plan es claro?");
    CHECK(q.items.at(0).options.at(1).weight == 2.0);
}

TEST_CASE("each bad clinic file in the fixtures is refused with the message beside it") {
    // tests/fixtures/questionnaires/bad/<name>.json is refused with the text of <name>.expected,
    // where the file is named by its full path.
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixtures + "bad")) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        auto expected_file = entry.path();
        expected_file.replace_extension(".expected");
        std::ifstream in(expected_file);
        std::string expected;
        REQUIRE(std::getline(in, expected));
        CAPTURE(entry.path().string());
        CHECK_THROWS_WITH_AS(load_questionnaire(entry.path()), (fixtures + "bad/" + expected).c_str(),
                             QuestionnaireError);
    }
    CHECK(files >= 5);
}
