// The questionnaire's items, strictly: each item's type, texts, flags, extensions, answer options
// and their weights, enableWhen and nested items. Internal to the loader (questionnaire_json.h);
// the Questionnaire resource around them is read in questionnaire_loader.cpp.
#include <algorithm>
#include <set>

#include "core/questionnaire/questionnaire_json.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance {

namespace qjson {

bool valid_name(std::string_view s, std::size_t max_len, std::string_view also) {
    return !s.empty() && s.size() <= max_len && std::all_of(s.begin(), s.end(), [also](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || also.find(c) != std::string_view::npos;
    });
}

}  // namespace qjson

namespace {

using qjson::Json;
using qjson::valid_name;
using qjson::Where;

// Deeper nesting is not something a one-question-a-screen kiosk can show sensibly, and the
// limit keeps a hostile file from exhausting the stack.
constexpr int max_group_depth = 4;
// Buttons in one row: 0–10 is the widest scale the kiosk lays out.
constexpr int max_scale_steps = 10;

template <class T, std::size_t N>
std::optional<T> lookup(const std::pair<std::string_view, T> (&table)[N], std::string_view name) {
    for (const auto& entry : table)
        if (entry.first == name) return entry.second;
    return std::nullopt;
}

constexpr std::pair<std::string_view, ItemType> item_types[] = {
    {"group", ItemType::group},     {"display", ItemType::display}, {"choice", ItemType::choice},
    {"integer", ItemType::integer}, {"boolean", ItemType::boolean}, {"string", ItemType::string},
    {"text", ItemType::text}};

constexpr std::pair<std::string_view, EnableOperator> operators[] = {
    {"exists", EnableOperator::exists},   {"=", EnableOperator::equals}, {"!=", EnableOperator::not_equals},
    {">", EnableOperator::greater},       {"<", EnableOperator::less},   {">=", EnableOperator::greater_or_equal},
    {"<=", EnableOperator::less_or_equal}};

ItemType parse_type(const std::string& type, const Where& w) {
    if (auto t = lookup(item_types, type)) return *t;
    w.fail("type", "item type '" + type +
                       "' is not supported (supported: group, display, choice, integer, boolean, "
                       "string, text)");
}

class Parser {
public:
    // `top`: the questionnaire's place, whose list of ignored extensions the items add to.
    Parser(const Where& top, std::string base_language, std::vector<std::string> declared)
        : top_(top), file_(top.file()), base_(std::move(base_language)), declared_(std::move(declared)) {}

    // nullopt: an item the patient is never asked (hidden, computed by the form), said in warnings().
    std::optional<Item> parse_item(const Json& j, const std::string& path, int depth) {
        const Where& top = top_;
        qjson::require_object(j, path, top);
        Where w = top.in_item(path);
        std::string link_id = qjson::required_string(j, "linkId", w);
        if (!valid_name(link_id, 64, "/"))
            w.fail("linkId", "'" + link_id + "' must be 1–64 letters, digits, '-', '_', '.' or '/'");
        w = top.in_item("item '" + link_id + "'");
        if (!link_ids_.insert(link_id).second)
            w.fail("linkId", "duplicate: another item already has linkId '" + link_id + "'");
        if (auto reason = qjson::left_out_reason(j, w)) {
            warnings_.push_back(file_ + ": item '" + link_id + "': left out: " + *reason);
            return std::nullopt;
        }
        qjson::check_keys(j,
                          {{"linkId", "type", "text", "_text", "required", "repeats", "answerOption", "enableWhen",
                            "enableBehavior", "item", "extension", "readOnly"},
                           {"code", "definition"}},
                          w);
        Item item;
        item.link_id = link_id;
        item.type = parse_type(qjson::required_string(j, "type", w), w);
        if (auto t = qjson::optional_text(j, "text", w, base_))
            item.text = *t;
        else if (item.type != ItemType::group)
            w.fail("text", "required, the words the patient sees");
        item.required = qjson::optional_bool(j, "required", w).value_or(false);
        item.repeats = qjson::optional_bool(j, "repeats", w).value_or(false);
        check_flags(item, w);
        parse_extensions(j, item, w);
        parse_options(j, item, w);
        parse_enable_when(j, item, w);
        parse_children(j, item, w, depth);
        return item;
    }

    const std::vector<std::string>& used_subscales() const { return used_subscales_; }
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    void check_flags(const Item& item, const Where& w) {
        bool answerable = is_answerable(item.type);
        if (item.required && !answerable)
            w.fail("required", item.type == ItemType::group
                                   ? "not supported on a group; mark the questions inside it required"
                                   : "a display item has no answer to require");
        if (item.repeats && item.type != ItemType::choice)
            w.fail("repeats", "only choice items can repeat (multi-select)");
    }

    void parse_extensions(const Json& j, Item& item, const Where& w) {
        std::optional<int> min, max;
        for (const auto& e : qjson::read_extensions(j, "extension", w)) {
            Where at = w.at(e.field);
            if (e.url == subscale_extension_url) {
                item.subscale = qjson::extension_string(e, "valueCode", w);
                check_subscale(item, at);
            } else if (e.url == min_value_extension_url || e.url == max_value_extension_url) {
                if (item.type != ItemType::integer)
                    at.fail("url", "minValue/maxValue are only supported on integer items");
                (e.url == min_value_extension_url ? min : max) = qjson::extension_int(e, w);
            } else if (e.url == scale_low_label_extension_url || e.url == scale_high_label_extension_url) {
                if (item.type != ItemType::integer)
                    at.fail("url", "scale end labels are only supported on integer items");
                Text label = qjson::text_with_translations(qjson::extension_string(e, "valueString", w),
                                                           e.underscore_value, "_valueString", at, base_);
                (e.url == scale_low_label_extension_url ? item.min_label : item.max_label) = label;
            } else if (e.url == report_role_extension_url) {
                item.report_role = qjson::read_report_role(qjson::extension_string(e, "valueCode", w), item, at);
            } else if (e.url == entry_format_extension_url) {
                // The keyboard's hint on a text item; nothing to show it on for buttons.
                if (item.type == ItemType::string || item.type == ItemType::text)
                    item.entry_format = qjson::text_with_translations(qjson::extension_string(e, "valueString", w),
                                                                      e.underscore_value, "_valueString", at, base_);
            } else if (e.url == item_control_extension_url || e.url == hidden_extension_url) {
                // itemControl: every choice is shown as its full list of buttons (content/README.md);
                // hidden = true was handled by left_out_reason, false changes nothing.
            } else {
                w.ignore_extension(e.url);
            }
        }
        if (item.type != ItemType::integer) return;
        if (!min || !max)
            w.fail("extension", std::string("an integer item needs both bounds: extensions '") +
                                    std::string(min_value_extension_url) + "' and '" +
                                    std::string(max_value_extension_url) + "' (valueInteger)");
        if (*max <= *min || *max - *min > max_scale_steps)
            w.fail("extension", "minValue " + std::to_string(*min) + " and maxValue " + std::to_string(*max) +
                                    ": expected maxValue above minValue by at most " + std::to_string(max_scale_steps) +
                                    " (e.g. 0 to 10)");
        item.min_value = min;
        item.max_value = max;
    }

    void check_subscale(const Item& item, const Where& at) {
        const std::string& s = item.subscale;
        if (item.type != ItemType::choice || item.repeats)
            at.fail("valueCode", "only single-choice items can be scored in a subscale");
        bool builtin =
            std::find(std::begin(builtin_subscales), std::end(builtin_subscales), s) != std::end(builtin_subscales);
        if (!builtin && std::find(declared_.begin(), declared_.end(), s) == declared_.end())
            at.fail("valueCode", "subscale '" + s +
                                     "' is neither goal, task, bond nor declared on the "
                                     "Questionnaire (extension '" +
                                     std::string(subscale_extension_url) + "')");
        if (std::find(used_subscales_.begin(), used_subscales_.end(), s) == used_subscales_.end())
            used_subscales_.push_back(s);
    }

    void parse_options(const Json& j, Item& item, const Where& w) {
        auto it = j.find("answerOption");
        if (item.type != ItemType::choice) {
            if (it != j.end()) w.fail("answerOption", "only choice items have answer options");
            return;
        }
        if (it == j.end() || !it->is_array() || it->empty())
            w.fail("answerOption", "a choice item needs a non-empty list of answer options");
        for (std::size_t i = 0; i < it->size(); ++i) {
            std::string field = "answerOption[" + std::to_string(i) + "]";
            const Json& o = qjson::require_object((*it)[i], field, w);
            item.options.push_back(parse_option(o, w.at(field), item));
        }
        std::size_t weighted = std::count_if(item.options.begin(), item.options.end(),
                                             [](const AnswerOption& o) { return o.weight.has_value(); });
        for (std::size_t i = 0; i < item.options.size(); ++i) {
            if (item.options[i].weight || item.options[i].not_scored) continue;
            if (!item.subscale.empty() || weighted > 0)
                w.at("answerOption[" + std::to_string(i) + "]")
                    .fail("extension",
                          std::string("missing weight: ") +
                              (item.subscale.empty() ? "other options have one"
                                                     : "the item is scored in subscale '" + item.subscale + "'") +
                              "; expected extension '" + std::string(item_weight_extension_url) + "' or '" +
                              std::string(ordinal_value_extension_url) + "'");
        }
    }

    AnswerOption parse_option(const Json& o, const Where& w, const Item& item) {
        qjson::check_keys(o, {{"valueCoding", "extension"}}, w);
        auto vc = o.find("valueCoding");
        if (vc == o.end())
            w.fail("valueCoding",
                   "required (answer options must be codings; valueInteger, "
                   "valueString and others are not supported)");
        Where cw = w.at("valueCoding");
        qjson::require_object(*vc, "valueCoding", w);
        qjson::check_keys(*vc, {{"system", "code", "display", "_display", "extension"}, {"version"}}, cw);
        AnswerOption option;
        option.coding.system = qjson::optional_string(*vc, "system", cw).value_or("");
        option.coding.code = qjson::required_string(*vc, "code", cw);
        auto display = qjson::optional_text(*vc, "display", cw, base_);
        if (!display) cw.fail("display", "required, the words on the answer button");
        option.display = *display;
        option.coding.display = display->base;
        for (const auto& other : item.options)
            if (other.coding.code == option.coding.code)
                cw.fail("code", "duplicate code '" + option.coding.code + "' in this item");
        // R4 puts ordinalValue on the Coding and itemWeight on the option; accept either place.
        read_weight(o, w, option);
        read_weight(*vc, cw, option);
        return option;
    }

    void read_weight(const Json& obj, const Where& w, AnswerOption& option) {
        for (const auto& e : qjson::read_extensions(obj, "extension", w)) {
            if (e.url == not_scored_extension_url) {
                if (e.value_key != "valueBoolean" || !e.value->is_boolean())
                    w.at(e.field).fail(e.value_key, "extension '" + e.url + "' needs a valueBoolean");
                option.not_scored = e.value->get<bool>();
                continue;
            }
            if (e.url != item_weight_extension_url && e.url != ordinal_value_extension_url) {
                w.ignore_extension(e.url);  // optionPrefix, rendering-xhtml, ...
                continue;
            }
            double weight = qjson::extension_decimal(e, w);
            if (option.weight && *option.weight != weight)
                w.at(e.field).fail("valueDecimal", "a second, different weight for this option");
            option.weight = weight;
        }
        if (option.not_scored && option.weight)
            w.fail("extension", "an option marked not-scored has no weight; remove one of the two");
    }

    void parse_enable_when(const Json& j, Item& item, const Where& w) {
        auto it = j.find("enableWhen");
        auto behavior = qjson::optional_string(j, "enableBehavior", w);
        if (it == j.end()) {
            if (behavior) w.fail("enableBehavior", "given without any enableWhen");
            return;
        }
        if (item.type == ItemType::group)
            w.fail("enableWhen", "not supported on a group; put the condition on each item in it");
        if (!it->is_array() || it->empty()) w.fail("enableWhen", "expected a non-empty array");
        for (std::size_t i = 0; i < it->size(); ++i) {
            std::string field = "enableWhen[" + std::to_string(i) + "]";
            item.enable_when.push_back(parse_condition(qjson::require_object((*it)[i], field, w), w.at(field)));
        }
        if (behavior == "all")
            item.enable_behavior = EnableBehavior::all;
        else if (behavior == "any")
            item.enable_behavior = EnableBehavior::any;
        else if (behavior)
            w.fail("enableBehavior", "expected 'all' or 'any', found '" + *behavior + "'");
        else if (item.enable_when.size() > 1)
            w.fail("enableBehavior", "required when there is more than one enableWhen ('all' or 'any')");
    }

    EnableWhen parse_condition(const Json& c, const Where& w) {
        EnableWhen ew;
        ew.question = qjson::required_string(c, "question", w);
        std::string op = qjson::required_string(c, "operator", w);
        auto parsed = lookup(operators, op);
        if (!parsed) w.fail("operator", "'" + op + "' is not one of exists, =, !=, >, <, >=, <=");
        ew.op = *parsed;
        int answers = 0;
        for (const auto& [key, value] : c.items()) {
            if (key == "question" || key == "operator") continue;
            ++answers;
            if (key == "answerBoolean")
                ew.answer = *qjson::optional_bool(c, key, w);
            else if (key == "answerInteger")
                ew.answer = qjson::required_int(c, key, w);
            else if (key == "answerString")
                ew.answer = *qjson::optional_string(c, key, w);
            else if (key == "answerCoding") {
                Where cw = w.at(key);
                qjson::require_object(value, key, w);
                qjson::check_keys(value, {{"system", "code"}, {"display", "version"}}, cw);
                ew.answer = Coding{qjson::optional_string(value, "system", cw).value_or(""),
                                   qjson::required_string(value, "code", cw), ""};
            } else if (key.rfind("answer", 0) == 0) {
                w.fail(key,
                       "not supported; use answerBoolean, answerInteger, answerString or "
                       "answerCoding");
            } else {
                w.fail(key, "property not supported in enableWhen");
            }
        }
        if (answers != 1) w.fail("answer[x]", "expected exactly one answer value, found " + std::to_string(answers));
        if (ew.op == EnableOperator::exists && !std::holds_alternative<bool>(ew.answer))
            w.fail("answer[x]", "operator 'exists' needs answerBoolean");
        return ew;
    }

    void parse_children(const Json& j, Item& item, const Where& w, int depth) {
        auto it = j.find("item");
        if (item.type != ItemType::group) {
            if (it != j.end()) w.fail("item", "only groups may contain items");
            return;
        }
        if (it == j.end() || !it->is_array() || it->empty()) w.fail("item", "a group needs a non-empty list of items");
        if (depth >= max_group_depth)
            w.fail("item", "groups nested deeper than " + std::to_string(max_group_depth) + " levels");
        for (std::size_t i = 0; i < it->size(); ++i)
            if (auto child =
                    parse_item((*it)[i], "item '" + item.link_id + "'.item[" + std::to_string(i) + "]", depth + 1))
                item.items.push_back(std::move(*child));
        if (item.items.empty())
            w.fail("item", "every item in this group is left out (hidden or computed); nothing to ask");
    }

    Where top_;
    std::string file_, base_;
    std::vector<std::string> declared_;
    std::vector<std::string> used_subscales_;
    std::vector<std::string> warnings_;
    std::set<std::string, std::less<>> link_ids_;
};

}  // namespace

namespace qjson {

ParsedItems parse_items(const Json& items, const Where& top, const std::string& base_language,
                        const std::vector<std::string>& declared_subscales) {
    Parser parser(top, base_language, declared_subscales);
    ParsedItems out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (auto item = parser.parse_item(items[i], "item[" + std::to_string(i) + "]", 0))
            out.items.push_back(std::move(*item));
    out.used_subscales = parser.used_subscales();
    out.warnings = parser.warnings();
    return out;
}

}  // namespace qjson

std::string_view item_type_name(ItemType type) {
    for (const auto& [name, t] : item_types)
        if (t == type) return name;
    return "?";
}

bool is_answerable(ItemType type) { return type != ItemType::group && type != ItemType::display; }

}  // namespace alliance
