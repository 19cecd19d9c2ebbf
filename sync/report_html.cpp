// The report as one self-contained HTML page: inline CSS and SVG only (no script, no font, no
// image or link to fetch), readable on screen and printed on A4 or Letter.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/questionnaire/questionnaire_loader.h"
#include "sync/report_output.h"

namespace alliance::sync {
namespace {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

const char* style = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1b1f24;margin:24px auto;max-width:1100px;padding:0 16px;line-height:1.4}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:2px solid #2b6cb0;padding-bottom:.15em}
h3{font-size:1.05em;margin:1em 0 .3em}p{margin:.3em 0}.muted{color:#555}.note{font-size:.9em;color:#444}
table{border-collapse:collapse;width:100%;margin:.4em 0 .8em;font-size:.9em}
th,td{border:1px solid #c8ccd2;padding:3px 6px;text-align:right;vertical-align:middle}
th{background:#eef2f7;font-weight:600}td.l,th.l{text-align:left}tr.period td{font-weight:600;background:#f6f8fa}
td.few{color:#777;font-style:italic;text-align:center}td.low{color:#9b1c1c;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:10px;margin:.3em 0}.chart{font-size:.8em;color:#333}
.chart svg{display:block;background:#fbfcfd;border:1px solid #dde1e6}
section.therapist{break-inside:avoid;page-break-inside:avoid}
@page{size:auto;margin:12mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:9.5pt}h2{break-after:avoid;page-break-after:avoid}
table{font-size:8.5pt}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}
.chart svg{border-color:#999}a{color:inherit;text-decoration:none}}
)";

// The range a measure is drawn in: 0–10 for the rating, else the questionnaire's weights.
std::pair<double, double> measure_range(const Questionnaire& q, const std::string& measure) {
    if (measure == "rating") return {0, 10};
    double low = 1e300, high = -1e300;
    for (const Item* item : flatten_items(q)) {
        if (item->subscale.empty()) continue;
        for (const auto& o : item->options)
            if (o.weight) low = std::min(low, *o.weight), high = std::max(high, *o.weight);
    }
    return low < high ? std::pair{low, high} : std::pair{0.0, 1.0};
}

class Writer {
public:
    Writer(std::ostream& out, const ReportModel& m, const ReportView& v) : out_(out), m_(m), v_(v) {}

    void page() {
        out_ << "<!DOCTYPE html>\n<html lang=\"" << escape(v_.language) << "\"><head><meta charset=\"utf-8\">"
             << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             << "<title>" << text("report.title") << " · " << escape(v_.clinic_name) << "</title><style>" << style
             << "</style></head><body>\n";
        out_ << "<h1>" << text("report.heading") << "</h1>\n<p><strong>"
             << format("report.period", {{"clinic", v_.clinic_name}, {"from", m_.from}, {"to", m_.to}})
             << "</strong></p>\n<p class=\"muted\">"
             << format("report.generated",
                       {{"date", v_.generated_on}, {"source", v_.source}, {"count", std::to_string(m_.read)}})
             << "</p>\n<p>" << text("report.intro") << "</p>\n<p>" << format("report.rule", {{"rule", rule()}})
             << "</p>\n<p class=\"note\">" << format("report.suppressed_note", {{"n", n()}}) << "</p>\n";
        section(text("report.clinic"), m_.clinic_weeks, m_.clinic_period);
        for (const auto& [key, rows] : m_.therapists)
            section(key.empty() ? text("report.not_said") : escape(rows.name), rows.weeks, rows.period);
        flagged();
        if (v_.comments) comments();
        out_ << "<h2>" << text("report.meaning_title") << "</h2>\n<p class=\"note\">" << text("report.meaning")
             << "</p>\n";
        // (Not the responses outside the period: a server search never returns them, a file may.)
        if (m_.other_questionnaire > 0)
            out_ << "<p class=\"note\">"
                 << format("report.skipped", {{"count", std::to_string(m_.other_questionnaire)}}) << "</p>\n";
        out_ << "</body></html>\n";
    }

private:
    std::string text(std::string_view key) const { return escape(v_.strings.get(v_.language, key)); }
    std::string format(std::string_view key, const std::map<std::string, std::string>& values) const {
        std::map<std::string, std::string> escaped;
        for (const auto& [k, v] : values) escaped[k] = k == "rule" ? v : escape(v);
        return v_.strings.format(v_.language, key, escaped);
    }
    std::string n() const { return std::to_string(v_.min_responses); }
    std::string measure_name(const std::string& m) const {
        const std::string key = "report.measure." + m;
        return v_.strings.has(v_.language, key) || v_.strings.has("en", key) ? text(key) : escape(m);
    }
    std::string therapist_name(const std::string& key) const {
        const auto it = m_.therapists.find(key);
        return key.empty() || it == m_.therapists.end() ? text("report.not_said") : escape(it->second.name);
    }

    // The flag rule in words, from the questionnaire's FlagRule.
    std::string rule() const {
        const FlagRule& r = m_.questionnaire().flag_rule;
        std::vector<std::string> parts;
        if (r.total_below > 0)
            parts.push_back(
                format("report.rule_total", {{"percent", std::to_string(std::lround(r.total_below * 100))}}));
        if (r.item_at_or_below >= 0)
            parts.push_back(format("report.rule_item",
                                   {{"position", std::abs(r.item_at_or_below - 0.5) < 1e-9
                                                     ? v_.strings.get(v_.language, "report.rule_middle")
                                                     : std::to_string(std::lround(r.item_at_or_below * 100)) + "%"}}));
        if (parts.empty()) return text("report.rule_off");
        return parts.size() == 1 ? parts[0] : parts[0] + text("report.rule_or") + parts[1];
    }

    void section(const std::string& title, const std::vector<Cell>& weeks, const Cell& period) {
        out_ << "<section class=\"therapist\"><h2>" << title << "</h2>\n";
        charts(weeks);
        out_ << "<table><thead><tr><th class=\"l\">" << text("report.week") << "</th><th>" << text("report.completed")
             << "</th><th>" << text("report.stopped") << "</th>";
        for (const auto& m : m_.measures) out_ << "<th>" << measure_name(m) << "</th>";
        out_ << "<th>" << text("report.flagged") << "</th><th>" << text("report.not_discussed")
             << "</th></tr></thead><tbody>\n";
        for (std::size_t w = 0; w < weeks.size(); ++w) row(m_.week_starts[w], weeks[w], false);
        row(text("report.whole_period"), period, true);
        out_ << "</tbody></table>\n";
        main_goals(period);
        out_ << "</section>\n";
    }

    void row(const std::string& label, const Cell& c, bool is_period) {
        out_ << "<tr" << (is_period ? " class=\"period\"" : "") << "><td class=\"l\">" << label << "</td>";
        if (!c.shown(v_.min_responses)) {
            out_ << "<td class=\"few\" colspan=\"" << (4 + m_.measures.size()) << "\">"
                 << format("report.fewer_than", {{"n", n()}}) << "</td></tr>\n";
            return;
        }
        out_ << "<td>" << c.completed << "</td><td>" << c.stopped << "</td>";
        for (const Mean& mean : c.means)
            out_ << "<td>" << (mean.count > 0 ? format_mean(mean.value()) : "–") << "</td>";
        out_ << "<td" << (c.flagged > 0 ? " class=\"low\"" : "") << ">" << format_share(c.flagged, c.completed)
             << "</td><td>" << format_share(c.not_discussed, c.discussed_answered) << "</td></tr>\n";
    }

    // One small line chart per measure: the weekly means of the weeks that are shown.
    void charts(const std::vector<Cell>& weeks) {
        const double width = 128, height = 48, pad = 6;  // five fit one row of A4 or Letter
        int drawable = 0;
        for (const Cell& c : weeks) drawable += c.shown(v_.min_responses) ? 1 : 0;
        if (drawable < 2) {
            out_ << "<p class=\"note\">" << text("report.trend") << ": " << format("report.no_trend", {{"n", n()}})
                 << "</p>\n";
            return;
        }
        out_ << "<div class=\"charts\">";
        for (std::size_t i = 0; i < m_.measures.size(); ++i) {
            const auto [low, high] = measure_range(m_.questionnaire(), m_.measures[i]);
            const double step = weeks.size() > 1 ? (width - 2 * pad) / static_cast<double>(weeks.size() - 1) : 0;
            std::string points, dots, labels;
            for (std::size_t w = 0; w < weeks.size(); ++w) {
                const Mean& mean = weeks[w].means[i];
                if (!weeks[w].shown(v_.min_responses) || mean.count == 0) continue;
                const double x = pad + step * static_cast<double>(w);
                const double y = pad + (height - 2 * pad) * (1 - (mean.value() - low) / (high - low));
                char p[64];
                std::snprintf(p, sizeof p, "%.1f,%.1f ", x, y);
                points += p;
                std::snprintf(p, sizeof p, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>", x, y);
                dots += p;
                labels += m_.week_starts[w] + ": " + format_mean(mean.value()) + "; ";
            }
            out_ << "<figure class=\"chart\" style=\"margin:0\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                 << width << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
                 << "\" role=\"img\"><title>" << measure_name(m_.measures[i]) << ": " << escape(labels) << "</title>"
                 << "<line x1=\"0\" x2=\"" << width << "\" y1=\"" << height / 2 << "\" y2=\"" << height / 2
                 << "\" stroke=\"#e3e6ea\"/><polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" points=\""
                 << points << "\"/><g fill=\"#2b6cb0\">" << dots << "</g></svg><figcaption>"
                 << measure_name(m_.measures[i]) << " (" << format_mean(low) << "–" << format_mean(high)
                 << ")</figcaption></figure>";
        }
        out_ << "</div>\n";
    }

    void main_goals(const Cell& period) {
        if (!period.shown(v_.min_responses) || period.main_goals.empty()) return;
        const Item* goal_item = nullptr;
        for (const Item* item : flatten_items(m_.questionnaire()))
            if (item->report_role == ReportRole::main_goal) goal_item = item;
        out_ << "<p><strong>" << text("report.main_goals") << ":</strong> ";
        // Most chosen first.
        std::vector<std::pair<std::string, int>> goals(period.main_goals.begin(), period.main_goals.end());
        std::stable_sort(goals.begin(), goals.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        bool first = true;
        for (const auto& [code, count] : goals) {
            std::string label = code;
            if (goal_item != nullptr)
                for (const auto& o : goal_item->options)
                    if (o.coding.code == code) label = o.display.in(v_.language);
            out_ << (first ? "" : ", ") << escape(label) << " " << count;
            first = false;
        }
        out_ << "</p>\n";
    }

    void flagged() {
        out_ << "<h2>" << text("report.flagged_list") << "</h2>\n";
        if (m_.flagged.empty()) {
            out_ << "<p>" << text("report.flagged_none") << "</p>\n";
            return;
        }
        out_ << "<table><thead><tr><th class=\"l\">" << text("report.date") << "</th><th class=\"l\">"
             << text("report.therapist") << "</th><th class=\"l\">" << text("report.low_parts")
             << "</th></tr></thead><tbody>\n";
        for (const auto& f : m_.flagged) {
            std::string parts;
            for (std::size_t i = 0; i < m_.measures.size() && i < 32; ++i)
                if ((f.low >> i) & 1u) parts += (parts.empty() ? "" : ", ") + measure_name(m_.measures[i]);
            out_ << "<tr><td class=\"l\">" << format_day(std::chrono::sys_days{std::chrono::days{f.day}})
                 << "</td><td class=\"l\">" << therapist_name(m_.therapist_keys[f.therapist])
                 << "</td><td class=\"l low\">" << parts << "</td></tr>\n";
        }
        out_ << "</tbody></table>\n";
    }

    // Comments only of cells that are shown, by therapist and week, without dates.
    void comments() {
        out_ << "<h2>" << text("report.comments") << "</h2>\n";
        int shown = 0;
        out_ << "<table><tbody>\n";
        for (const auto& c : m_.comments) {
            const auto it = m_.therapists.find(c.therapist);
            if (it == m_.therapists.end() || !it->second.weeks[c.week].shown(v_.min_responses)) continue;
            out_ << "<tr><td class=\"l\">" << m_.week_starts[c.week] << "</td><td class=\"l\">"
                 << therapist_name(c.therapist) << "</td><td class=\"l\">" << escape(c.text) << "</td></tr>\n";
            ++shown;
        }
        out_ << "</tbody></table>\n";
        if (shown == 0) out_ << "<p>" << text("report.comments_none") << "</p>\n";
    }

    std::ostream& out_;
    const ReportModel& m_;
    const ReportView& v_;
};

}  // namespace

std::string format_mean(double value) {
    char out[32];
    std::snprintf(out, sizeof out, "%.2f", value);
    return out;
}

std::string format_share(int part, int whole) {
    if (whole == 0) return "–";
    return std::to_string(std::lround(100.0 * part / whole)) + "%";
}

void write_report_html(std::ostream& out, const ReportModel& model, const ReportView& view) {
    Writer(out, model, view).page();
}

}  // namespace alliance::sync
