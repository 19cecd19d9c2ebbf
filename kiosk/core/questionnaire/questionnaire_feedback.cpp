// The questionnaire's parts that the feedback report and the low-alliance flag read (the flag-*
// extensions on the Questionnaire, report-role on items): internal to the loader.
#include <string>
#include <tuple>

#include "core/questionnaire/questionnaire_json.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance::qjson {

// flag-total-below: a share of the maximum in [0, 1]; flag-item-at-or-below: a scale position in
// [0, 1], or negative to switch that part off.
void read_flag_rule(const Extension& e, const Where& top, FlagRule& rule) {
    const double value = extension_decimal(e, top);
    if (e.url == flag_total_below_extension_url) {
        if (value < 0 || value > 1)
            top.at(e.field).fail("valueDecimal", "a share of the total's maximum from 0 (off) to 1, such as 0.9");
        rule.total_below = value;
    } else {
        if (value > 1)
            top.at(e.field).fail("valueDecimal",
                                 "a position on the item's scale from 0 (lowest) to 1 (highest), such as 0.5 for "
                                 "the middle, or -1 to switch the item rule off");
        rule.item_at_or_below = value;
    }
}

// The role and the item type it needs: a rating is a number, a main goal a choice, ...
ReportRole read_report_role(const std::string& code, const Item& item, const Where& at) {
    static constexpr std::tuple<std::string_view, ReportRole, ItemType, std::string_view> roles[] = {
        {"rating", ReportRole::rating, ItemType::integer, "an integer item"},
        {"main-goal", ReportRole::main_goal, ItemType::choice, "a choice item"},
        {"goal-discussed", ReportRole::goal_discussed, ItemType::boolean, "a boolean item"},
        {"comment", ReportRole::comment, ItemType::text, "a text or string item"}};
    for (const auto& [name, role, type, needs] : roles) {
        if (code != name) continue;
        const bool fits = item.type == type || (type == ItemType::text && item.type == ItemType::string);
        if (!fits) at.fail("valueCode", "report role '" + code + "' needs " + std::string(needs));
        return role;
    }
    at.fail("valueCode", "report role '" + code + "': expected rating, main-goal, goal-discussed or comment");
}

}  // namespace alliance::qjson
