#pragma once
// The feedback commands of alliance-sync (sync/README.md, "Feedback for therapists"): `report`
// (and `publish`), registered on the command line here so that main.cpp only dispatches.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace alliance::sync {

struct ReportOptions {
    std::string out_html;
    std::string out_csv;
    std::string from, to;             // YYYY-MM-DD; default the last 28 days up to today (UTC)
    std::vector<std::string> inputs;  // NDJSON files; none: the configured FHIR server
    bool comments = false;
    std::string language;  // default [report] language
    int page_size = 200;   // _count of each search page
};

class FeedbackCommands {
public:
    // Adds the subcommands to `app`; `add_common` adds --config and --data-dir to each.
    FeedbackCommands(CLI::App& app, const std::function<void(CLI::App*)>& add_common);
    // True when one of these subcommands was given.
    bool chosen() const;
    // Runs it; returns the exit code. Throws ConfigError for a bad config or option.
    int run(const std::string& config_file, const std::string& data_dir);

private:
    CLI::App* report_ = nullptr;
    CLI::App* publish_ = nullptr;
    ReportOptions report_options_;
};

// `alliance-sync publish`: exit 0 when every definition is on the server (created or already
// there), 5 when one was refused (a different resource holds its url and version).
int run_publish(const std::string& config_file, const std::string& data_dir);

// The `check` step "definitions": how many of the project's definitions are on the server. Never
// fails `check` (a server may be used without them); says what is missing or different.
struct CheckStep;
CheckStep definitions_check_step(const std::string& config_file, const std::string& data_dir);

// `alliance-sync report`: reads, sums, writes the HTML (and CSV). Returns the exit code.
int run_report(const std::string& config_file, const std::string& data_dir, const ReportOptions& options);

}  // namespace alliance::sync
