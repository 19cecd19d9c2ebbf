#pragma once
// Shared by the questionnaire loader's tests (questionnaire_loader_test.cpp and
// questionnaire_refusals_test.cpp): a small questionnaire as JSON and the message a broken one gets.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/questionnaire/questionnaire_loader.h"

namespace alliance::test {

using nlohmann::json;

inline json translation(const std::string& lang, const std::string& content) {
    return {
        {"extension",
         {{{"url", "http://hl7.org/fhir/StructureDefinition/translation"},
           {"extension", {{{"url", "lang"}, {"valueCode", lang}}, {{"url", "content"}, {"valueString", content}}}}}}}};
}

inline json weight(double w) {
    return {{"url", "http://hl7.org/fhir/StructureDefinition/itemWeight"}, {"valueDecimal", w}};
}

// A small questionnaire using every supported item type; each bad-input test breaks one thing.
inline json base() {
    json q = {{"resourceType", "Questionnaire"},
              {"url", "https://example.org/Questionnaire/t"},
              {"status", "active"},
              {"language", "en"},
              {"title", "Test"},
              {"_title", translation("es", "Prueba")}};
    q["item"] = json::array();
    q["item"].push_back(
        {{"linkId", "mood"},
         {"type", "choice"},
         {"text", "How do you feel?"},
         {"_text", translation("es", "¿Cómo se siente?")},
         {"required", true},
         {"extension",
          {{{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/subscale"}, {"valueCode", "bond"}}}},
         {"answerOption",
          {{{"valueCoding",
             {{"system", "urn:s"}, {"code", "1"}, {"display", "Bad"}, {"_display", translation("es", "Mal")}}},
            {"extension", {weight(1)}}},
           {{"valueCoding",
             {{"system", "urn:s"}, {"code", "2"}, {"display", "Good"}, {"_display", translation("es", "Bien")}}},
            {"extension", {weight(2)}}}}}});
    q["item"].push_back({{"linkId", "score"},
                         {"type", "integer"},
                         {"text", "Rate it"},
                         {"extension",
                          {{{"url", "http://hl7.org/fhir/StructureDefinition/minValue"}, {"valueInteger", 0}},
                           {{"url", "http://hl7.org/fhir/StructureDefinition/maxValue"}, {"valueInteger", 10}},
                           {{"url", "https://alliance-kiosk.org/fhir/StructureDefinition/scale-low-label"},
                            {"valueString", "Awful"},
                            {"_valueString", translation("es", "Pésimo")}}}}});
    q["item"].push_back(
        {{"linkId", "ok"},
         {"type", "boolean"},
         {"text", "Was it ok?"},
         {"enableWhen", {{{"question", "mood"}, {"operator", "="}, {"answerCoding", {{"code", "2"}}}}}}});
    q["item"].push_back({{"linkId", "note"}, {"type", "text"}, {"text", "Anything else?"}});
    return q;
}

// The message of the QuestionnaireError `q` causes, or "(loaded)".
inline std::string refusal(const json& q) {
    try {
        parse_questionnaire(q.dump(), "t.json");
    } catch (const QuestionnaireError& e) {
        return e.what();
    }
    return "(loaded)";
}

inline const std::string fixtures = std::string(ALLIANCE_TEST_FIXTURES) + "/questionnaires/";

}  // namespace alliance::test
