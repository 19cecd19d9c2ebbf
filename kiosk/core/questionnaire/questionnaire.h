#pragma once
// The questionnaire model: the subset of FHIR R4 Questionnaire the kiosk supports (kiosk/README.md, "What is
// supported"). Pure data; the loader (questionnaire_loader.h) builds it, the session flow reads it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace alliance {

struct Coding {
    std::string system;
    std::string code;
    std::string display;  // in the questionnaire's base language
    bool operator==(const Coding& o) const { return system == o.system && code == o.code; }
};

// One answer value, as FHIR's answer[x]: valueCoding, valueInteger, valueBoolean, valueString.
using AnswerValue = std::variant<Coding, int, bool, std::string>;

// A text with its translations (the standard `translation` extension on `_text`).
struct Text {
    std::string base;                                 // in Questionnaire.language
    std::map<std::string, std::string> translations;  // language code -> text
    // The text in `language`, else the base text (English fallback is the base language's job).
    const std::string& in(std::string_view language) const {
        auto it = translations.find(std::string(language));
        return it == translations.end() ? base : it->second;
    }
};

enum class ItemType { group, display, choice, integer, boolean, string, text };

struct AnswerOption {
    Coding coding;
    Text display;
    std::optional<double> weight;  // itemWeight / ordinalValue extension
    bool not_scored = false;       // the not-scored extension: "does not apply", no weight
};

// What the feedback report reads from an item (the report-role extension, kiosk/README.md).
enum class ReportRole { none, rating, main_goal, goal_discussed, comment };

enum class EnableOperator { exists, equals, not_equals, greater, less, greater_or_equal, less_or_equal };
enum class EnableBehavior { all, any };

struct EnableWhen {
    std::string question;  // linkId
    EnableOperator op = EnableOperator::equals;
    AnswerValue answer;  // for `exists`, a bool
};

struct Item {
    std::string link_id;
    ItemType type = ItemType::display;
    Text text;
    bool required = false;
    bool repeats = false;
    std::vector<AnswerOption> options;        // choice
    std::optional<int> min_value, max_value;  // integer (shown as a 0–10 scale)
    Text min_label, max_label;                // optional end labels of an integer scale
    std::string subscale;                     // empty when the item is not scored
    ReportRole report_role = ReportRole::none;
    std::vector<EnableWhen> enable_when;
    EnableBehavior enable_behavior = EnableBehavior::all;
    std::vector<Item> items;  // group children
    Text entry_format;        // string/text: the keyboard's hint (SDC entryFormat)
};

// When a response counts as a low alliance (the flag-* extensions, content/README.md). Both parts
// are over the scored items; a response is flagged when either holds.
struct FlagRule {
    // The total (sum of the chosen weights) below this share of its maximum; 0 switches it off.
    double total_below = 0.9;
    // An item's answer at or below this position on its scale (0 = lowest option's weight,
    // 1 = highest; 0.5 = the middle); a negative value switches it off.
    double item_at_or_below = 0.5;
};

struct Questionnaire {
    std::string source_file;  // where it was loaded from, for error messages
    std::string id;
    std::string url;  // canonical URL
    std::string version;
    std::string name;
    std::string status;
    std::string language;  // base language of the texts, e.g. "en"
    Text title;
    std::vector<std::string> subscales;  // declared subscales, in order
    std::vector<std::string> languages;  // base language first, then every translation found
    FlagRule flag_rule;
    std::vector<Item> items;
    // What the loader ignored or filled in, one line each naming the file (and item): the
    // extensions it does not use (one line naming them all), items left out (hidden, computed by
    // the form), a missing url or language. The kiosk logs them; --check-content prints them.
    std::vector<std::string> warnings;
};

}  // namespace alliance
