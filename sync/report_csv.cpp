// The report's CSV: one row per therapist-week and per clinic week, one column per figure, so a
// spreadsheet needs no parsing. A suppressed row (fewer than [report] min_responses completed)
// has its figures empty and says so in `suppressed`.
#include <cstdio>
#include <set>

#include "sync/report_output.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

std::string number(double value) {
    char out[32];
    std::snprintf(out, sizeof out, "%.4f", value);
    return out;
}

std::string share(int part, int whole) { return whole > 0 ? number(static_cast<double>(part) / whole) : ""; }

}  // namespace

void write_report_csv(std::ostream& out, const ReportModel& model, const ReportView& view) {
    std::set<std::string> goals;  // every main goal chosen in the period, one column each
    if (model.clinic_period.shown(view.min_responses))
        for (const auto& [code, n] : model.clinic_period.main_goals) goals.insert(code);
    std::vector<std::string> header = {"scope", "therapist_key", "therapist", "week_start", "completed", "stopped"};
    for (const auto& m : model.measures) header.push_back("mean_" + m);
    for (const char* h : {"share_flagged", "share_goal_not_discussed", "goal_discussed_answered"}) header.push_back(h);
    for (const auto& g : goals) header.push_back("main_goal_" + g);
    header.push_back("suppressed");
    out << csv_row(header) << "\r\n";
    auto row = [&](const std::string& scope, const std::string& key, const std::string& name, std::size_t week,
                   const Cell& c) {
        std::vector<std::string> cells = {scope, key, name, model.week_starts[week]};
        const bool shown = c.shown(view.min_responses);
        auto figure = [&](const std::string& text) { cells.push_back(shown ? text : ""); };
        figure(std::to_string(c.completed));
        figure(std::to_string(c.stopped));
        for (const Mean& m : c.means) figure(m.count > 0 ? number(m.value()) : "");
        figure(share(c.flagged, c.completed));
        figure(share(c.not_discussed, c.discussed_answered));
        figure(std::to_string(c.discussed_answered));
        for (const auto& g : goals) {
            const auto it = c.main_goals.find(g);
            figure(std::to_string(it == c.main_goals.end() ? 0 : it->second));
        }
        cells.push_back(shown ? ""
                              : view.strings.format(view.language, "report.fewer_than",
                                                    {{"n", std::to_string(view.min_responses)}}));
        out << csv_row(cells) << "\r\n";
    };
    for (const auto& [key, rows] : model.therapists)
        for (std::size_t w = 0; w < model.week_starts.size(); ++w) row("therapist", key, rows.name, w, rows.weeks[w]);
    for (std::size_t w = 0; w < model.week_starts.size(); ++w) row("clinic", "", "", w, model.clinic_weeks[w]);
}

}  // namespace alliance::sync
