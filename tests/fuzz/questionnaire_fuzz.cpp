// libFuzzer target for the questionnaire loader, then enableWhen and scoring on what it accepts.
// Any input must either load or be refused with a QuestionnaireError; any other exception, crash
// or sanitizer report is a bug. A loaded questionnaire must keep the loader's promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"

using namespace alliance;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

// One answer a patient could give to `item`, chosen by `pick` so different runs vary.
std::vector<AnswerValue> some_answer(const Item& item, std::size_t pick) {
    switch (item.type) {
        case ItemType::choice: return {item.options[pick % item.options.size()].coding};
        case ItemType::integer: return {*item.min_value + int(pick % 11) % (*item.max_value - *item.min_value + 1)};
        case ItemType::boolean: return {pick % 2 == 0};
        case ItemType::string:
        case ItemType::text: return {std::string(pick % 3, 'a')};
        default: return {};
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Questionnaire q;
    try {
        q = parse_questionnaire(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const QuestionnaireError&) {
        return 0;
    }
    check(!q.items.empty() && !q.languages.empty() && q.languages.front() == q.language);
    auto items = flatten_items(q);
    AnswerMap answers;
    std::size_t position = 0;
    for (const Item* item : items) {
        check(find_item(q, item->link_id) == item);
        check(item->type != ItemType::group);
        if (item->type == ItemType::choice) check(!item->options.empty());
        if (item->type == ItemType::integer) check(item->min_value && item->max_value);
        for (const auto& ew : item->enable_when) check(answers.count(ew.question) || find_item(q, ew.question));
        item_enabled(*item, answers);
        if (is_answerable(item->type)) answers[item->link_id] = some_answer(*item, size + position);
        ++position;
    }
    for (const auto& lang : q.languages) missing_translations(q, lang);
    auto kept = enabled_answers(q, answers);
    check(kept.size() <= answers.size());
    for (const auto& [name, score] : score_response(q, answers)) {
        check(name == "total" || std::find(q.subscales.begin(), q.subscales.end(), name) != q.subscales.end());
        check(score == score);  // not NaN
    }
    return 0;
}
