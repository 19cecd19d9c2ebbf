#include "core/questionnaire/scoring.h"

#include <algorithm>

#include "core/questionnaire/questionnaire_loader.h"

namespace alliance {

std::vector<ScoredAnswer> scored_answers(const Questionnaire& q, const AnswerMap& answers) {
    std::vector<ScoredAnswer> scored;
    AnswerMap counted = enabled_answers(q, answers);
    for (const Item* item : flatten_items(q)) {
        if (item->subscale.empty()) continue;
        auto it = counted.find(item->link_id);
        if (it == counted.end() || it->second.empty()) continue;  // skipped: not counted
        const auto* coding = std::get_if<Coding>(&it->second.front());
        if (!coding) continue;
        ScoredAnswer a{item, 0, 0, 0};
        bool found = false, first = true;
        for (const auto& option : item->options) {
            if (!option.weight) continue;
            a.min_weight = first ? *option.weight : std::min(a.min_weight, *option.weight);
            a.max_weight = first ? *option.weight : std::max(a.max_weight, *option.weight);
            first = false;
            // Match by code: a response read back from storage may carry the code alone.
            if (!found && option.coding.code == coding->code) {
                a.weight = *option.weight;
                found = true;
            }
        }
        if (found) scored.push_back(a);
    }
    return scored;
}

std::map<std::string, double> score_response(const Questionnaire& q, const AnswerMap& answers) {
    return score_response(scored_answers(q, answers));
}

std::map<std::string, double> score_response(const std::vector<ScoredAnswer>& scored) {
    struct Sum {
        double total = 0;
        int count = 0;
    };
    std::map<std::string, Sum> sums;
    Sum all;
    for (const ScoredAnswer& a : scored) {
        sums[a.item->subscale].total += a.weight;
        sums[a.item->subscale].count += 1;
        all.total += a.weight;
        all.count += 1;
    }
    std::map<std::string, double> scores;
    for (const auto& [subscale, sum] : sums) scores[subscale] = sum.total / sum.count;
    if (all.count > 0) scores[total_score_key] = all.total / all.count;
    return scores;
}

}  // namespace alliance
