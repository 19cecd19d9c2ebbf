#pragma once
// Whether an item is shown, from its enableWhen conditions and the answers so far (FHIR R4
// semantics, documented in kiosk/README.md).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/questionnaire/questionnaire.h"

namespace alliance {

using AnswerMap = std::map<std::string, std::vector<AnswerValue>, std::less<>>;  // linkId -> values

// enableWhen + enableBehavior (all/any); operators exists, =, !=, >, <, >=, <=.
// A condition on a question with no answer is false, except `exists false`.
bool item_enabled(const Item& item, const AnswerMap& answers);

// `answers` without the answers of items that are not enabled, evaluated in display order, so a
// stale answer to a question that has since been hidden (the patient went Back and changed an
// earlier answer) neither enables later items nor counts in the scores.
AnswerMap enabled_answers(const Questionnaire& q, const AnswerMap& answers);

}  // namespace alliance
