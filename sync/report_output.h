#pragma once
// The feedback report written out: one self-contained HTML page (inline SVG trend charts, no
// script, no external request, a print stylesheet for A4 and Letter) and a flat CSV (one row per
// therapist-week and per clinic week, one column per figure). Texts come from content/strings.
#include <ostream>
#include <string>

#include "core/base/strings.h"
#include "sync/report_model.h"

namespace alliance::sync {

struct ReportView {
    const Strings& strings;
    std::string language = "en";
    std::string clinic_name;
    int min_responses = 5;
    std::string generated_on;  // YYYY-MM-DD
    std::string source;        // "the FHIR server https://..." or the NDJSON files
    bool comments = false;
};

void write_report_html(std::ostream& out, const ReportModel& model, const ReportView& view);
void write_report_csv(std::ostream& out, const ReportModel& model, const ReportView& view);

// A figure as the report shows it: two decimals ("4.50"); a share as a whole percent ("33%").
std::string format_mean(double value);
std::string format_share(int part, int whole);

}  // namespace alliance::sync
