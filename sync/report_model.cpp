#include "sync/report_model.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/base/time_format.h"
#include "core/questionnaire/alliance_flag.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"

namespace alliance::sync {
namespace {

using namespace std::chrono;

const Item* item_with_role(const Questionnaire& q, ReportRole role) {
    for (const Item* item : flatten_items(q))
        if (item->report_role == role) return item;
    return nullptr;
}

sys_days monday_of(sys_days day) { return day - (weekday(day) - Monday); }

template <class T>
std::optional<T> first_answer(const AnswerMap& answers, const Item* item) {
    if (item == nullptr) return std::nullopt;
    const auto it = answers.find(item->link_id);
    if (it == answers.end() || it->second.empty()) return std::nullopt;
    if (const auto* v = std::get_if<T>(&it->second.front())) return *v;
    return std::nullopt;
}

}  // namespace

sys_days parse_day(const std::string& text, const std::string& what) {
    int y = 0;
    unsigned m = 0, d = 0;
    char end = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &end) != 3)
        throw std::invalid_argument(what + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
    const year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) throw std::invalid_argument(what + ": \"" + text + "\" is not a date in the calendar");
    return sys_days{ymd};
}

std::string format_day(sys_days day) {
    const year_month_day ymd{day};
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return out;
}

ReportModel::ReportModel(const Questionnaire& q, std::string from_text, std::string to_text, bool keep_comments)
    : from(std::move(from_text)), to(std::move(to_text)), q_(q), keep_comments_(keep_comments) {
    from_day_ = parse_day(from, "--from");
    to_day_ = parse_day(to, "--to");
    if (to_day_ < from_day_) throw std::invalid_argument("--to " + to + " is before --from " + from);
    rating_ = item_with_role(q, ReportRole::rating);
    main_goal_ = item_with_role(q, ReportRole::main_goal);
    discussed_ = item_with_role(q, ReportRole::goal_discussed);
    comment_ = item_with_role(q, ReportRole::comment);
    measures = q.subscales;
    measures.push_back(total_score_key);
    if (rating_ != nullptr) measures.push_back("rating");
    first_monday_ = monday_of(from_day_);
    for (sys_days w = first_monday_; w <= to_day_; w += days{7}) week_starts.push_back(format_day(w));
    clinic_weeks.assign(week_starts.size(), empty_cell());
    clinic_period = empty_cell();
}

Cell ReportModel::empty_cell() const {
    Cell c;
    c.means.resize(measures.size());
    return c;
}

void ReportModel::count(Cell& cell, const ReportRecord& r, const std::map<std::string, double>& scores, bool flagged,
                        const std::optional<int>& rating, const std::optional<bool>& discussed,
                        const std::string& main_goal) {
    if (r.status != "completed") {
        ++cell.stopped;
        return;
    }
    ++cell.completed;
    cell.flagged += flagged ? 1 : 0;
    if (discussed) {
        ++cell.discussed_answered;
        cell.not_discussed += *discussed ? 0 : 1;
    }
    for (std::size_t i = 0; i < measures.size(); ++i) {
        if (measures[i] == "rating") {
            if (rating) cell.means[i].add(*rating);
        } else if (const auto it = scores.find(measures[i]); it != scores.end()) {
            cell.means[i].add(it->second);
        }
    }
    if (!main_goal.empty()) ++cell.main_goals[main_goal];
}

void ReportModel::add(const ReportRecord& r) {
    ++read;
    sys_days day;
    try {
        day = floor<days>(from_rfc3339(r.authored));
    } catch (const std::invalid_argument&) {
        ++outside_period;  // no usable time: it cannot be placed in a week
        return;
    }
    if (day < from_day_ || day > to_day_) {
        ++outside_period;
        return;
    }
    // After the period test: the server's search is by period, so both sources count the same.
    if (r.questionnaire != q_.url) {
        ++other_questionnaire;
        return;
    }
    const auto week = static_cast<std::size_t>((day - first_monday_).count() / 7);
    const bool completed = r.status == "completed";
    const std::vector<ScoredAnswer> scored = completed ? scored_answers(q_, r.answers) : std::vector<ScoredAnswer>{};
    const std::map<std::string, double> scores = score_response(scored);
    const std::vector<std::string> low = completed ? low_alliance_parts(q_, scored) : std::vector<std::string>{};
    const auto rating = first_answer<int>(r.answers, rating_);
    const auto discussed = first_answer<bool>(r.answers, discussed_);
    const auto goal = first_answer<Coding>(r.answers, main_goal_);
    const std::string goal_code = goal ? goal->code : std::string();

    auto [it, added] = therapists.try_emplace(r.therapist_key);
    TherapistRows& rows = it->second;
    if (added) {
        rows.index = static_cast<std::uint32_t>(therapist_keys.size());
        therapist_keys.push_back(r.therapist_key);
        rows.weeks.assign(week_starts.size(), empty_cell());
        rows.period = empty_cell();
    }
    if (rows.name.empty()) rows.name = !r.therapist_name.empty() ? r.therapist_name : r.therapist_key;
    for (Cell* cell : {&rows.weeks[week], &rows.period, &clinic_weeks[week], &clinic_period})
        count(*cell, r, scores, !low.empty(), rating, discussed, goal_code);
    if (!low.empty()) {
        FlaggedResponse f{static_cast<std::int32_t>(day.time_since_epoch().count()), rows.index, 0};
        for (std::size_t i = 0; i < measures.size() && i < 32; ++i)
            if (std::find(low.begin(), low.end(), measures[i]) != low.end()) f.low |= 1u << i;
        flagged.push_back(f);
    }
    if (keep_comments_ && completed) {
        if (const auto text = first_answer<std::string>(r.answers, comment_); text && !text->empty())
            comments.push_back({week, r.therapist_key, *text});
    }
}

}  // namespace alliance::sync
