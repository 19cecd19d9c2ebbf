#pragma once
// The low-alliance flag (kiosk/README.md, "Low-alliance flag"): which parts of a response are low
// under the questionnaire's FlagRule. Evaluated at completion beside the scores, and again by
// `alliance-sync report` from a QuestionnaireResponse's answers: one rule, one owner.
#include <string>
#include <vector>

#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire.h"
#include "core/questionnaire/scoring.h"

namespace alliance {

// The parts that are low, in the questionnaire's subscale order, then "total" when the total is
// below its line; empty when the response is not flagged (or nothing scored was answered).
std::vector<std::string> low_alliance_parts(const Questionnaire& q, const AnswerMap& answers);
// The same from scored_answers(q, answers).
std::vector<std::string> low_alliance_parts(const Questionnaire& q, const std::vector<ScoredAnswer>& scored);

}  // namespace alliance
