#include "core/session/session_answers.h"

#include <algorithm>
#include <utility>

namespace alliance {

bool is_single_select(const Item& item) {
    return (item.type == ItemType::choice && !item.repeats) || item.type == ItemType::integer ||
           item.type == ItemType::boolean;
}

bool is_text_item(const Item& item) { return item.type == ItemType::string || item.type == ItemType::text; }

int scale_min(const Item& item) { return item.min_value.value_or(0); }
int scale_max(const Item& item) { return item.max_value.value_or(10); }

std::optional<AnswerValue> accepted_answer_value(const Item& item, const AnswerValue& value) {
    switch (item.type) {
        case ItemType::choice:
            if (const auto* coding = std::get_if<Coding>(&value))
                for (const auto& option : item.options)
                    if (option.coding.code == coding->code) return option.coding;
            return std::nullopt;
        case ItemType::integer:
            if (const auto* n = std::get_if<int>(&value); n && *n >= scale_min(item) && *n <= scale_max(item))
                return *n;
            return std::nullopt;
        case ItemType::boolean:
            if (std::holds_alternative<bool>(value)) return value;
            return std::nullopt;
        default: return std::nullopt;
    }
}

bool contains_value(const std::vector<AnswerValue>& values, const AnswerValue& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

std::vector<AnswerValue> toggled_choice(const Item& item, const std::vector<AnswerValue>& current,
                                        const Coding& coding) {
    std::vector<AnswerValue> out;
    for (const auto& option : item.options) {
        const bool was_chosen = contains_value(current, option.coding);
        if (option.coding == coding ? !was_chosen : was_chosen) out.emplace_back(option.coding);
    }
    return out;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void drop_last_code_point(std::string& s) {
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;  // stop after the lead byte of the last character
    }
}

std::string to_capital(std::string_view key) {
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') return std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
    static constexpr std::pair<std::string_view, std::string_view> spanish[] = {
        {"ñ", "Ñ"}, {"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"}, {"ü", "Ü"}};
    for (const auto& [small, capital] : spanish)
        if (key == small) return std::string(capital);
    return std::string(key);
}

std::string trim_spaces(const std::string& s) {
    const auto first = s.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

}  // namespace alliance
