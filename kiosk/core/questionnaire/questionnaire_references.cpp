// The parts of loading that need the whole questionnaire (enableWhen references, languages),
// and the read-only walks over a loaded questionnaire.
#include <algorithm>
#include <functional>
#include <map>

#include "core/questionnaire/questionnaire_json.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance {
namespace {

// Items and their group children in display order; `Items` is std::vector<Item>, const or not.
template <class Items, class Fn>
void preorder(Items& items, Fn&& fn) {
    for (auto& item : items) {
        fn(item);
        preorder(item.items, fn);
    }
}

std::string_view answer_key(const AnswerValue& v) {
    static constexpr std::string_view keys[] = {"answerCoding", "answerInteger", "answerBoolean", "answerString"};
    return keys[v.index()];
}

// Every text of the questionnaire with a label saying where it is, in display order.
void for_each_text(const Questionnaire& q, const std::function<void(const std::string&, const Text&)>& fn) {
    if (!q.title.base.empty()) fn("title", q.title);
    preorder(q.items, [&](const Item& item) {
        std::string label = "item '" + item.link_id + "': ";
        if (!item.text.base.empty()) fn(label + "text", item.text);
        for (const auto& o : item.options) fn(label + "answerOption '" + o.coding.code + "'", o.display);
        if (!item.min_label.base.empty()) fn(label + "scale-low-label", item.min_label);
        if (!item.max_label.base.empty()) fn(label + "scale-high-label", item.max_label);
    });
}

void check_condition(EnableWhen& ew, const Item& target, const qjson::Where& w) {
    if (ew.op == EnableOperator::exists) return;  // answerBoolean, checked at parse
    bool ordering = ew.op != EnableOperator::equals && ew.op != EnableOperator::not_equals;
    std::string_view want;
    switch (target.type) {
        case ItemType::choice: want = "answerCoding"; break;
        case ItemType::integer: want = "answerInteger"; break;
        case ItemType::boolean: want = "answerBoolean"; break;
        default: want = "answerString"; break;
    }
    if (answer_key(ew.answer) != want)
        w.fail(answer_key(ew.answer), "'" + target.link_id + "' is a " + std::string(item_type_name(target.type)) +
                                          " item; expected " + std::string(want));
    if (ordering && (target.type == ItemType::choice || target.type == ItemType::boolean))
        w.fail("operator", "'>', '<', '>=' and '<=' need an integer or string question; '" + target.link_id +
                               "' is a " + std::string(item_type_name(target.type)) + " item");
    if (auto* c = std::get_if<Coding>(&ew.answer)) {
        auto it = std::find_if(target.options.begin(), target.options.end(), [&](const AnswerOption& o) {
            return o.coding.code == c->code && (c->system.empty() || c->system == o.coding.system);
        });
        if (it == target.options.end())
            w.at("answerCoding").fail("code", "'" + c->code + "' is not an answer option of '" + target.link_id + "'");
        *c = it->coding;  // so that comparing with a patient's answer (a copied option) just works
    }
}

}  // namespace

namespace qjson {

void check_enable_when_references(Questionnaire& q) {
    std::map<std::string, std::pair<std::size_t, const Item*>, std::less<>> position;
    std::vector<Item*> order;
    preorder(q.items, [&](Item& item) {
        position.emplace(item.link_id, std::make_pair(order.size(), &item));
        order.push_back(&item);
    });
    Where top(q.source_file);
    for (std::size_t i = 0; i < order.size(); ++i) {
        Item& item = *order[i];
        Where w = top.in_item("item '" + item.link_id + "'");
        for (std::size_t k = 0; k < item.enable_when.size(); ++k) {
            EnableWhen& ew = item.enable_when[k];
            Where at = w.at("enableWhen[" + std::to_string(k) + "]");
            auto it = position.find(ew.question);
            if (it == position.end())
                at.fail("question", "'" + ew.question + "' is not a linkId in this questionnaire");
            auto [pos, target] = it->second;
            if (pos == i) at.fail("question", "an item cannot depend on its own answer");
            if (pos > i)
                at.fail("question",
                        "'" + ew.question + "' comes later; enableWhen may only refer to earlier questions");
            if (!is_answerable(target->type))
                at.fail("question", "'" + ew.question + "' is a " + std::string(item_type_name(target->type)) +
                                        " item and has no answer");
            check_condition(ew, *target, at);
        }
    }
}

void collect_languages(Questionnaire& q) {
    q.languages = {q.language};
    for_each_text(q, [&](const std::string&, const Text& text) {
        for (const auto& [lang, content] : text.translations)
            if (std::find(q.languages.begin(), q.languages.end(), lang) == q.languages.end())
                q.languages.push_back(lang);
    });
}

}  // namespace qjson

std::vector<const Item*> flatten_items(const Questionnaire& q) {
    std::vector<const Item*> out;
    preorder(q.items, [&](const Item& item) {
        if (item.type != ItemType::group) out.push_back(&item);
    });
    return out;
}

const Item* find_item(const Questionnaire& q, std::string_view link_id) {
    const Item* found = nullptr;
    preorder(q.items, [&](const Item& item) {
        if (!found && item.link_id == link_id) found = &item;
    });
    return found;
}

namespace {

bool find_path(const std::vector<Item>& items, std::string_view link_id, std::vector<std::string>& path) {
    for (const auto& item : items) {
        if (item.link_id == link_id) return true;
        path.push_back(item.link_id);
        if (find_path(item.items, link_id, path)) return true;
        path.pop_back();
    }
    return false;
}

}  // namespace

std::vector<std::string> enclosing_groups(const Questionnaire& q, std::string_view link_id) {
    std::vector<std::string> path;
    if (!find_path(q.items, link_id, path)) path.clear();
    return path;
}

std::vector<std::string> missing_translations(const Questionnaire& q, std::string_view language) {
    std::vector<std::string> missing;
    if (language == q.language) return missing;
    for_each_text(q, [&](const std::string& label, const Text& text) {
        if (!text.translations.count(std::string(language))) missing.push_back(label);
    });
    return missing;
}

}  // namespace alliance
