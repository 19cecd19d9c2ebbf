#pragma once
// Loads a FHIR R4 Questionnaire into the kiosk's model (questionnaire.h), strictly: anything outside
// the supported subset (kiosk/README.md, "Questionnaire model and supported FHIR subset") is refused
// at load, so a clinic finds out at install time and not in front of a patient.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/questionnaire/questionnaire.h"

namespace alliance {

// Message format: "<file>: item '<linkId>': <field>: <what was expected/found>"; the item part is
// left out for questionnaire-level fields, and is "item[2].item[0]" when the item has no linkId.
class QuestionnaireError : public std::runtime_error {
    using runtime_error::runtime_error;
};

// Project extension URLs (documented in kiosk/README.md).
inline constexpr std::string_view subscale_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/subscale";
inline constexpr std::string_view scale_low_label_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/scale-low-label";
inline constexpr std::string_view scale_high_label_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/scale-high-label";
// The low-alliance flag rule (Questionnaire level, valueDecimal) and an item's role in the
// feedback report (valueCode: rating | main-goal | goal-discussed | comment).
inline constexpr std::string_view flag_total_below_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/flag-total-below";
inline constexpr std::string_view flag_item_at_or_below_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/flag-item-at-or-below";
inline constexpr std::string_view report_role_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/report-role";
// On an answer option of a scored item (valueBoolean true): the answer says the question did not
// apply ("I was not given exercises"); it carries no weight and is left out of every score.
inline constexpr std::string_view not_scored_extension_url =
    "https://alliance-kiosk.org/fhir/StructureDefinition/not-scored";
// Standard FHIR and SDC extension URLs the loader understands (content/README.md lists what each does).
inline constexpr std::string_view hidden_extension_url = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
inline constexpr std::string_view entry_format_extension_url = "http://hl7.org/fhir/StructureDefinition/entryFormat";
inline constexpr std::string_view item_control_extension_url =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
inline constexpr std::string_view calculated_expression_extension_url =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
inline constexpr std::string_view translation_extension_url = "http://hl7.org/fhir/StructureDefinition/translation";
inline constexpr std::string_view item_weight_extension_url = "http://hl7.org/fhir/StructureDefinition/itemWeight";
inline constexpr std::string_view ordinal_value_extension_url = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
inline constexpr std::string_view min_value_extension_url = "http://hl7.org/fhir/StructureDefinition/minValue";
inline constexpr std::string_view max_value_extension_url = "http://hl7.org/fhir/StructureDefinition/maxValue";

// Subscales every questionnaire may use without declaring them (kiosk/README.md, "Scoring").
inline constexpr std::string_view builtin_subscales[] = {"goal", "task", "bond"};

Questionnaire load_questionnaire(const std::filesystem::path& file);
Questionnaire parse_questionnaire(const std::string& json_text, const std::string& file_name);

// Every answerable item (choice, integer, boolean, string, text) and display item in display
// order, groups flattened (groups themselves are not listed).
std::vector<const Item*> flatten_items(const Questionnaire& q);
// Any item with that linkId, groups included; nullptr when there is none.
const Item* find_item(const Questionnaire& q, std::string_view link_id);

// The linkIds of the groups around the item `link_id`, outermost first; empty for a top-level
// item or an unknown linkId.
std::vector<std::string> enclosing_groups(const Questionnaire& q, std::string_view link_id);

// Where `language` has no translation: one line a text, e.g. "item 'goal-agree': text" or
// "item 'goal-agree': answerOption '3'". Empty when `language` is the base language or complete.
std::vector<std::string> missing_translations(const Questionnaire& q, std::string_view language);

// The FHIR code of an item type: "choice", "integer", ...
std::string_view item_type_name(ItemType type);
// True for the item types that take an answer (choice, integer, boolean, string, text).
bool is_answerable(ItemType type);

}  // namespace alliance
