// Questionnaires as SDC authoring tools export them (content/README.md, "Bringing a questionnaire
// from an authoring tool"): decorating extensions ignored with one warning naming them, hidden
// and computed items left out, entryFormat as the keyboard's hint; what changes meaning refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/questionnaire/questionnaire_loader.h"
#include "core/session/session_answers.h"
#include "kiosk_fixture.h"
#include "sync/fhir_mapping.h"

using namespace alliance;
using namespace alliance::test;
using nlohmann::json;

namespace {

const std::string authoring = std::string(ALLIANCE_TEST_FIXTURES) + "/questionnaires/authoring/";

std::vector<std::string> lines_with(const std::vector<std::string>& lines, const std::string& part) {
    std::vector<std::string> out;
    for (const auto& l : lines)
        if (l.find(part) != std::string::npos) out.push_back(l);
    return out;
}

// A minimal questionnaire around `items` (a JSON array text).
std::string with_items(const std::string& items) {
    return R"({"resourceType": "Questionnaire", "url": "https://clinic.example.org/q", "status": "active",
               "language": "en", "item": )" +
           items + "}";
}

std::string error_of(const std::string& text) {
    try {
        parse_questionnaire(text, "clinic.json");
    } catch (const QuestionnaireError& e) {
        return e.what();
    }
    return "loaded";
}

}  // namespace

TEST_CASE("LHC-Forms' PHQ-9 export loads with one warning naming every extension it ignores") {
    const Questionnaire q = load_questionnaire(authoring + "lhc-forms-phq9.json");
    // Nine symptoms and the difficulty question; the total score the form computes is left out.
    REQUIRE(flatten_items(q).size() == 10);
    CHECK(flatten_items(q)[0]->link_id == "/44250-9");
    CHECK(flatten_items(q)[0]->options[3].weight == 3.0);
    CHECK(find_item(q, "/44261-6") == nullptr);
    const auto ignored = lines_with(q.warnings, "extension(s) the kiosk does not use");
    REQUIRE(ignored.size() == 1);
    CHECK(ignored[0].find(authoring + "lhc-forms-phq9.json: ignored") == 0);
    for (const char* url : {"http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs",
                            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationLinkPeriod",
                            "http://hl7.org/fhir/StructureDefinition/questionnaire-optionPrefix",
                            "http://hl7.org/fhir/StructureDefinition/questionnaire-displayCategory"})
        CHECK_MESSAGE(ignored[0].find(url) != std::string::npos, url);
    // Known and handled, so not among the ignored.
    CHECK(ignored[0].find("questionnaire-itemControl") == std::string::npos);
    CHECK(lines_with(q.warnings, "item '/44261-6': left out: computed by the form").size() == 1);
    CHECK(lines_with(q.warnings, ": url: not given; responses cite 'urn:alliance-kiosk:questionnaire:44249-1-x'")
              .size() == 1);
    CHECK(lines_with(q.warnings, ": language: not given").size() == 1);
    CHECK(q.url == "urn:alliance-kiosk:questionnaire:44249-1-x");
}

TEST_CASE("a patient's session through PHQ-9 on the kiosk gives a response with every answer in place") {
    Kiosk k([](Config& c, const fs::path& tmp) {
        const fs::path content = tmp / "content";
        fs::create_directories(content / "questionnaires");
        fs::copy(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings", content / "strings");
        fs::copy_file(authoring + "lhc-forms-phq9.json", content / "questionnaires" / "phq9.json");
        c.kiosk.content_dir = content;
        c.kiosk.questionnaire = "phq9";
    });
    REQUIRE(k.screen() == "welcome");
    k.to_first_question();
    for (const char* id :
         {"/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7", "/44258-2", "/44252-5", "/44253-3", "/44260-8"}) {
        REQUIRE(k.view().item == id);
        k.choose(std::string("answer:") + id + ":LA6569-3");
    }
    REQUIRE(k.view().item == "/69722-7");
    k.choose("answer:/69722-7:LA6573-5");
    REQUIRE(k.screen() == "thanks");
    const auto responses = k.queued();
    REQUIRE(responses.size() == 1);
    const json qr = sync::fhir::questionnaire_response(responses[0].response);
    CHECK(qr["questionnaire"] == "urn:alliance-kiosk:questionnaire:44249-1-x");
    REQUIRE(qr["item"].size() == 10);
    CHECK(qr["item"][0] == json{{"linkId", "/44250-9"},
                                {"answer", {{{"valueCoding", {{"code", "LA6569-3"}, {"display", "Several days"}}}}}}});
}

TEST_CASE("modifierExtension is refused with the file, the linkId and the field, even on a hidden item") {
    const std::string modifier =
        R"("modifierExtension": [{"url": "http://example.org/negated", "valueBoolean": true}])";
    CHECK(error_of(with_items(R"([{"linkId": "q1", "type": "boolean", "text": "Pain?", )" + modifier + "}]")) ==
          "clinic.json: item 'q1': modifierExtension: not supported by the kiosk; it would change the meaning of the "
          "item");
    CHECK(error_of(with_items(R"([{"linkId": "q1", "type": "boolean", "text": "Pain?", "extension": [
        {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}], )" +
                              modifier + "}]"))
              .find("clinic.json: item 'q1': modifierExtension:") == 0);
}

TEST_CASE("an item type the kiosk cannot ask is still refused, unless the form computes or hides it") {
    CHECK(error_of(with_items(R"([{"linkId": "weight", "type": "decimal", "text": "Weight?"}])")) ==
          "clinic.json: item 'weight': type: item type 'decimal' is not supported (supported: group, display, "
          "choice, integer, boolean, string, text)");
    const Questionnaire q = parse_questionnaire(with_items(R"([
        {"linkId": "when", "type": "dateTime", "text": "Now", "extension": [
          {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}]},
        {"linkId": "ro", "type": "decimal", "text": "Score", "readOnly": true},
        {"linkId": "q1", "type": "boolean", "text": "Pain?", "extension": [
          {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": false}]}])"),
                                                "clinic.json");
    REQUIRE(flatten_items(q).size() == 1);
    CHECK(flatten_items(q)[0]->link_id == "q1");
    CHECK(lines_with(q.warnings, "clinic.json: item 'when': left out: hidden").size() == 1);
    CHECK(lines_with(q.warnings, "clinic.json: item 'ro': left out: read-only").size() == 1);
    CHECK(error_of(with_items(R"([{"linkId": "h", "type": "boolean", "text": "x", "extension": [
        {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}]}])")) ==
          "clinic.json: item: every item is left out (hidden or computed); nothing to ask");
}

TEST_CASE("rendering-xhtml, complex and unknown extensions are ignored and named once; the plain text is shown") {
    const Questionnaire q = parse_questionnaire(with_items(R"([
        {"linkId": "q1", "type": "boolean", "text": "Pain today?",
         "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/rendering-xhtml",
                                  "valueString": "<b>Pain</b> today?"}]},
         "extension": [{"url": "http://example.org/complex", "extension": [{"url": "a", "valueCode": "b"}]}]},
        {"linkId": "q2", "type": "boolean", "text": "Sleep?",
         "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/rendering-xhtml",
                                  "valueString": "<i>Sleep</i>?"}]}}])"),
                                                "clinic.json");
    CHECK(find_item(q, "q1")->text.base == "Pain today?");
    REQUIRE(q.warnings.size() == 1);
    CHECK(q.warnings[0] ==
          "clinic.json: ignored 2 extension(s) the kiosk does not use (they change nothing the patient is asked): "
          "http://hl7.org/fhir/StructureDefinition/rendering-xhtml, http://example.org/complex");
}

TEST_CASE("entryFormat is the keyboard's hint on a text question, with its translation") {
    Kiosk k([](Config& c, const fs::path& tmp) {
        const fs::path content = tmp / "content";
        fs::create_directories(content / "questionnaires");
        fs::copy(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings", content / "strings");
        std::ofstream(content / "questionnaires" / "where.json") << with_items(R"([
            {"linkId": "where", "type": "string", "text": "Where does it hurt?", "extension": [
              {"url": "http://hl7.org/fhir/StructureDefinition/entryFormat", "valueString": "e.g. left knee",
               "_valueString": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
                 "extension": [{"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": "p. ej. rodilla izquierda"}]}]}}]}])");
        c.kiosk.content_dir = content;
        c.kiosk.questionnaire = "where";
    });
    k.to_first_question();
    REQUIRE(k.view().item == "where");
    CHECK(k.view().body.find("e.g. left knee") != std::string::npos);
    k.tap("key:a");
    CHECK(k.view().body.find("e.g. left knee") == std::string::npos);
}
