#include "core/scoring.h"

#include "core/questionnaire_loader.h"

namespace alliance {

std::map<std::string, double> score_response(const Questionnaire& q, const AnswerMap& answers) {
    struct Sum {
        double total = 0;
        int count = 0;
    };
    std::map<std::string, Sum> sums;
    Sum all;
    AnswerMap counted = enabled_answers(q, answers);
    for (const Item* item : flatten_items(q)) {
        if (item->subscale.empty()) continue;
        auto it = counted.find(item->link_id);
        if (it == counted.end() || it->second.empty()) continue;  // skipped: not counted
        const auto* coding = std::get_if<Coding>(&it->second.front());
        if (!coding) continue;
        for (const auto& option : item->options) {
            // Match by code: a response read back from storage may carry the code alone.
            if (option.coding.code != coding->code || !option.weight) continue;
            sums[item->subscale].total += *option.weight;
            sums[item->subscale].count += 1;
            all.total += *option.weight;
            all.count += 1;
            break;
        }
    }
    std::map<std::string, double> scores;
    for (const auto& [subscale, sum] : sums) scores[subscale] = sum.total / sum.count;
    if (all.count > 0) scores[total_score_key] = all.total / all.count;
    return scores;
}

}  // namespace alliance
