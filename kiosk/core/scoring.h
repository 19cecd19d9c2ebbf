#pragma once
// Subscale and total scores at completion (the rule is in kiosk/README.md, "Scoring").
#include <map>
#include <string>

#include "core/enable_when.h"
#include "core/questionnaire.h"

namespace alliance {

// Key of the total score in score_response's result.
inline constexpr const char* total_score_key = "total";

// subscale -> mean weight of its answered, enabled, scored items; "total" -> mean over all of
// them. A subscale with no answered item is left out (and "total" when nothing scored was answered).
std::map<std::string, double> score_response(const Questionnaire& q, const AnswerMap& answers);

}  // namespace alliance
