#pragma once
// Internal to the questionnaire loader: typed reads from the parsed JSON that fail with a
// QuestionnaireError naming the file, the item and the field. Not part of the core's API.
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/questionnaire/questionnaire.h"

namespace alliance::qjson {

using Json = nlohmann::json;

// A place in the file, for error messages: "<file>: item '<linkId>': <prefix><field>: <what>".
class Where {
public:
    // A place in `file`; every place made from it shares one list of the extensions ignored.
    explicit Where(std::string file) : file_(std::move(file)), ignored_(std::make_shared<std::vector<std::string>>()) {}
    // The same place inside an item ("item 'goal-agree'" or "item[3]" before the linkId is known).
    Where in_item(std::string label) const;
    // A place below this one: at("answerOption[2]").field("valueCoding") -> "answerOption[2].valueCoding.".
    Where at(std::string_view sub) const;
    [[noreturn]] void fail(std::string_view field, std::string_view what) const;
    const std::string& file() const { return file_; }
    // An extension the kiosk does not use and that changes no meaning: noted once, warned of once.
    void ignore_extension(const std::string& url) const;
    const std::vector<std::string>& ignored_extensions() const { return *ignored_; }

private:
    std::string file_, item_, prefix_;
    std::shared_ptr<std::vector<std::string>> ignored_;
};

// Properties an object may have. `used` are read by the caller; `ignored` are metadata the kiosk
// accepts and does not use; anything else is refused with `hint` (or a generic "not supported").
struct AllowedKeys {
    std::initializer_list<std::string_view> used;
    std::initializer_list<std::string_view> ignored = {};
};
void check_keys(const Json& obj, const AllowedKeys& allowed, const Where& where);
// Why a well-known FHIR property is not supported, and what to use instead ("" when unknown).
std::string_view unsupported_hint(std::string_view key);

const Json& require_object(const Json& j, std::string_view field, const Where& where);
const Json& require_array(const Json& j, std::string_view field, const Where& where);
std::optional<std::string> optional_string(const Json& obj, std::string_view key, const Where& where);
std::string required_string(const Json& obj, std::string_view key, const Where& where);
std::optional<bool> optional_bool(const Json& obj, std::string_view key, const Where& where);
int required_int(const Json& obj, std::string_view key, const Where& where);

// A text and its translations: `key` (a string) and `_key` (its translation extensions).
// Returns nullopt when neither is present.
std::optional<Text> optional_text(const Json& obj, std::string_view key, const Where& where,
                                  const std::string& base_language);
// Same, with a `_key` element given separately (for extension values: valueString/_valueString).
Text text_with_translations(const std::string& base, const Json* underscore, std::string_view field, const Where& where,
                            const std::string& base_language);

// A FHIR extension array entry: its url and its one value[x] element.
struct Extension {
    std::string url;
    std::string value_key;  // e.g. "valueCode"
    const Json* value = nullptr;
    const Json* underscore_value = nullptr;  // e.g. "_valueString", for translations
    bool complex = false;                    // has sub-extensions ("extension") instead of a value
    std::string field;                       // "extension[2]" for messages
};
// Reads obj[key] (an array of extensions); each must have a url and exactly one value[x] or
// sub-extensions (a complex extension, which the kiosk only ever ignores).
std::vector<Extension> read_extensions(const Json& obj, std::string_view key, const Where& where);
std::string extension_string(const Extension& e, std::string_view value_key, const Where& where);
bool extension_bool(const Extension& e, const Where& where);
int extension_int(const Extension& e, const Where& where);
double extension_decimal(const Extension& e, const Where& where);

// In questionnaire_items.cpp: 1 to `max_len` letters, digits, '-', '_' or '.', or any of `also`
// ("/" in linkIds, which LHC-Forms writes as "/44250-9").
bool valid_name(std::string_view s, std::size_t max_len, std::string_view also = {});
// The questionnaire's items (its "item" array), each checked, with the subscales they are scored
// in (in order of first use) and a warning for each item left out (hidden, computed).
struct ParsedItems {
    std::vector<Item> items;
    std::vector<std::string> used_subscales;
    std::vector<std::string> warnings;
};
ParsedItems parse_items(const Json& items, const Where& top, const std::string& base_language,
                        const std::vector<std::string>& declared_subscales);

// In questionnaire_feedback.cpp: the low-alliance flag rule's extensions (Questionnaire level)
// and an item's report role, each checked (range, item type) with an error naming the field.
void read_flag_rule(const Extension& e, const Where& top, FlagRule& rule);
ReportRole read_report_role(const std::string& code, const Item& item, const Where& at);

// In questionnaire_authoring.cpp (exports of SDC authoring tools): why an item is never asked
// (hidden, read-only, computed by the form), nullopt when it is asked; refuses modifierExtension.
std::optional<std::string> left_out_reason(const Json& item, const Where& w);
// A missing language (taken as "en") or url (a URN from the id or file name), with a warning each.
void fill_missing_identity(Questionnaire& q, const Where& top);
// One warning naming every extension ignored while loading (Where::ignore_extension).
void warn_ignored_extensions(Questionnaire& q, const Where& top);

// In questionnaire_references.cpp, once every item is parsed: each enableWhen names an earlier
// answerable item, with an answer of that item's type (codings resolved to the item's options).
void check_enable_when_references(Questionnaire& q);
// Questionnaire::languages: the base language, then every translation's, in order of appearance.
void collect_languages(Questionnaire& q);

}  // namespace alliance::qjson
