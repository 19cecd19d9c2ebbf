#pragma once
// Subscale and total scores at completion (the rule is in kiosk/README.md, "Scoring").
#include <map>
#include <string>
#include <vector>

#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire.h"

namespace alliance {

// Key of the total score in score_response's result.
inline constexpr const char* total_score_key = "total";

// An answered, enabled, scored item and the weight of the option chosen, with the lowest and
// highest weight its options carry.
struct ScoredAnswer {
    const Item* item = nullptr;
    double weight = 0, min_weight = 0, max_weight = 0;
};
// In questionnaire order. An answer whose code is no weighted option of its item is left out.
std::vector<ScoredAnswer> scored_answers(const Questionnaire& q, const AnswerMap& answers);

// subscale -> mean weight of its answered, enabled, scored items; "total" -> mean over all of
// them. A subscale with no answered item is left out (and "total" when nothing scored was answered).
std::map<std::string, double> score_response(const Questionnaire& q, const AnswerMap& answers);
// The same from scored_answers' result (the report scores and flags from one pass).
std::map<std::string, double> score_response(const std::vector<ScoredAnswer>& scored);

}  // namespace alliance
