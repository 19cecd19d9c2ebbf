#include "core/questionnaire/alliance_flag.h"

#include <algorithm>

#include "core/questionnaire/scoring.h"

namespace alliance {

std::vector<std::string> low_alliance_parts(const Questionnaire& q, const AnswerMap& answers) {
    return low_alliance_parts(q, scored_answers(q, answers));
}

std::vector<std::string> low_alliance_parts(const Questionnaire& q, const std::vector<ScoredAnswer>& scored) {
    const FlagRule& rule = q.flag_rule;
    double total = 0, maximum = 0;
    std::vector<std::string> low_subscales;
    for (const ScoredAnswer& a : scored) {
        total += a.weight;
        maximum += a.max_weight;
        const double span = a.max_weight - a.min_weight;
        const double position = span > 0 ? (a.weight - a.min_weight) / span : 1.0;
        if (rule.item_at_or_below >= 0 && position <= rule.item_at_or_below + 1e-9 &&
            std::find(low_subscales.begin(), low_subscales.end(), a.item->subscale) == low_subscales.end())
            low_subscales.push_back(a.item->subscale);
    }
    std::vector<std::string> parts;
    for (const auto& s : q.subscales)
        if (std::find(low_subscales.begin(), low_subscales.end(), s) != low_subscales.end()) parts.push_back(s);
    if (maximum > 0 && total < rule.total_below * maximum - 1e-9) parts.push_back(total_score_key);
    return parts;
}

}  // namespace alliance
