#include "core/questionnaire/enable_when.h"

#include "core/questionnaire/questionnaire_loader.h"

namespace alliance {
namespace {

// -1, 0, 1 when both values hold the same kind; nullopt when they cannot be compared.
std::optional<int> compare(const AnswerValue& given, const AnswerValue& wanted) {
    if (given.index() != wanted.index()) return std::nullopt;
    if (auto* c = std::get_if<Coding>(&given))
        return *c == std::get<Coding>(wanted) ? std::optional<int>(0) : std::nullopt;
    if (auto* b = std::get_if<bool>(&given)) return *b == std::get<bool>(wanted) ? std::optional<int>(0) : std::nullopt;
    if (auto* i = std::get_if<int>(&given)) {
        int w = std::get<int>(wanted);
        return *i < w ? -1 : (*i > w ? 1 : 0);
    }
    int c = std::get<std::string>(given).compare(std::get<std::string>(wanted));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool matches(const AnswerValue& given, const EnableWhen& ew) {
    auto c = compare(given, ew.answer);
    if (!c) return false;
    switch (ew.op) {
        case EnableOperator::equals: return *c == 0;
        case EnableOperator::greater: return *c > 0;
        case EnableOperator::less: return *c < 0;
        case EnableOperator::greater_or_equal: return *c >= 0;
        case EnableOperator::less_or_equal: return *c <= 0;
        case EnableOperator::not_equals:
        case EnableOperator::exists: break;  // handled by condition_met
    }
    return false;
}

bool condition_met(const EnableWhen& ew, const AnswerMap& answers) {
    auto it = answers.find(ew.question);
    static const std::vector<AnswerValue> none;
    const auto& values = it == answers.end() ? none : it->second;
    if (ew.op == EnableOperator::exists) return values.empty() != std::get<bool>(ew.answer);
    if (ew.op == EnableOperator::not_equals) {
        // FHIR: "True if no answer has a value that is equal to the enableWhen answer" — so also
        // true when the question was skipped.
        for (const auto& v : values)
            if (compare(v, ew.answer) == 0) return false;
        return true;
    }
    for (const auto& v : values)
        if (matches(v, ew)) return true;
    return false;
}

}  // namespace

bool item_enabled(const Item& item, const AnswerMap& answers) {
    if (item.enable_when.empty()) return true;
    bool any = item.enable_behavior == EnableBehavior::any;
    for (const auto& ew : item.enable_when) {
        bool met = condition_met(ew, answers);
        if (any && met) return true;
        if (!any && !met) return false;
    }
    return !any;
}

AnswerMap enabled_answers(const Questionnaire& q, const AnswerMap& answers) {
    // enableWhen only refers to earlier items (the loader checks), so one pass in display order
    // sees every condition's question already filtered.
    AnswerMap kept;
    for (const Item* item : flatten_items(q)) {
        auto it = answers.find(item->link_id);
        if (it == answers.end() || it->second.empty()) continue;
        if (item_enabled(*item, kept)) kept.insert(*it);
    }
    return kept;
}

}  // namespace alliance
