#pragma once
// The figures of the feedback report (sync/README.md, "Feedback for therapists"), summed one
// QuestionnaireResponse at a time: per therapist and ISO week (Monday to Sunday, UTC) plus the
// clinic. Each response is scored and flagged by the core's own rules (core/questionnaire/scoring.h,
// core/questionnaire/alliance_flag.h) with the questionnaire the report loads, so nothing but running sums and
// the flagged list is kept: memory does not grow with the number of responses read.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/questionnaire/questionnaire.h"
#include "sync/report_records.h"

namespace alliance::sync {

struct Mean {
    double sum = 0;
    int count = 0;
    void add(double v) { sum += v, ++count; }
    double value() const { return count > 0 ? sum / count : 0; }
};

// One cell: a therapist-week, a therapist's whole period, a clinic week or the clinic's period.
struct Cell {
    int completed = 0;
    int stopped = 0;
    int flagged = 0;                        // of the completed
    int discussed_answered = 0;             // completed responses that answered the goal-discussed item
    int not_discussed = 0;                  // ... with "no"
    std::vector<Mean> means;                // ReportModel::measures order
    std::map<std::string, int> main_goals;  // code -> count
    // Figures are shown only when completed >= [report] min_responses.
    bool shown(int min_responses) const { return completed >= min_responses; }
};

// 12 bytes: the flagged list is the one thing that grows with the data (benchmark: 100,000
// responses, three quarters flagged, add under 1 MB).
struct FlaggedResponse {
    std::int32_t day = 0;         // days since 1970-01-01
    std::uint32_t therapist = 0;  // index into ReportModel::therapist_keys
    std::uint32_t low = 0;        // bit i: ReportModel::measures[i] was low
};

struct Comment {
    std::size_t week = 0;
    std::string therapist;  // key
    std::string text;
};

struct TherapistRows {
    std::uint32_t index = 0;  // in ReportModel::therapist_keys
    std::string name;         // display, else the key, else "not said"
    std::vector<Cell> weeks;  // one per ReportModel::week_starts
    Cell period;
};

class ReportModel {
public:
    // `from`/`to`: YYYY-MM-DD, inclusive. Throws std::invalid_argument naming a bad date.
    ReportModel(const Questionnaire& q, std::string from, std::string to, bool keep_comments);

    void add(const ReportRecord& r);

    // The measures shown: the questionnaire's subscales, "total", then "rating" when an item has
    // the rating role.
    std::vector<std::string> measures;
    std::vector<std::string> week_starts;             // Mondays, YYYY-MM-DD
    std::map<std::string, TherapistRows> therapists;  // by key ("" = not said), sorted by key
    std::vector<std::string> therapist_keys;          // in the order first met
    std::vector<Cell> clinic_weeks;
    Cell clinic_period;
    std::vector<FlaggedResponse> flagged;  // in the order read
    std::vector<Comment> comments;
    long read = 0;  // QuestionnaireResponses seen
    long other_questionnaire = 0;
    long outside_period = 0;
    std::string from, to;

    const Questionnaire& questionnaire() const { return q_; }

private:
    Cell empty_cell() const;
    void count(Cell& cell, const ReportRecord& r, const std::map<std::string, double>& scores, bool flagged,
               const std::optional<int>& rating, const std::optional<bool>& discussed, const std::string& main_goal);
    const Questionnaire& q_;
    std::chrono::sys_days first_monday_{};
    std::chrono::sys_days from_day_{}, to_day_{};
    const Item* rating_ = nullptr;
    const Item* main_goal_ = nullptr;
    const Item* discussed_ = nullptr;
    const Item* comment_ = nullptr;
    bool keep_comments_ = false;
};

// YYYY-MM-DD -> day; throws std::invalid_argument naming `what` and the text.
std::chrono::sys_days parse_day(const std::string& text, const std::string& what);
std::string format_day(std::chrono::sys_days day);

}  // namespace alliance::sync
