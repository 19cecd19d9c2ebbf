#pragma once
// How a patient's tap or key becomes an answer value (used by the session flow and its view):
// which items advance on a tap, the 0–10 scale's range, UTF-8-aware text editing.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/questionnaire/enable_when.h"
#include "core/questionnaire/questionnaire.h"

namespace alliance {

// Single choice, 0–10 scale and yes/no: one tap answers and the next item follows.
bool is_single_select(const Item& item);
// string and text items, typed on the on-screen keyboard.
bool is_text_item(const Item& item);
// An integer item's range; without min/max it is the kiosk's 0–10 scale.
int scale_min(const Item& item);
int scale_max(const Item& item);

// `value` as `item` takes it: for a choice, the option whose code it has (with the option's own
// coding); an integer in range; a bool for yes/no. nullopt when it is not one of the item's answers.
std::optional<AnswerValue> accepted_answer_value(const Item& item, const AnswerValue& value);
// A multi-select answer with `coding` switched on or off, in the options' order.
std::vector<AnswerValue> toggled_choice(const Item& item, const std::vector<AnswerValue>& current,
                                        const Coding& coding);
bool contains_value(const std::vector<AnswerValue>& values, const AnswerValue& value);

// UTF-8 text editing for the keyboard: characters, not bytes ("ñ" is one).
std::size_t code_points(std::string_view s);
void drop_last_code_point(std::string& s);
// The capital of one key's letter: a-z and the keyboard's Spanish letters (ñ á é í ó ú ü); any
// other key (a digit, a mark) unchanged.
std::string to_capital(std::string_view key);
std::string trim_spaces(const std::string& s);

}  // namespace alliance
