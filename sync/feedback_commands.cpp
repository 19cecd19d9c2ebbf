#include "sync/feedback_commands.h"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "core/base/strings.h"
#include "core/content/paths.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "sync/check.h"
#include "sync/publish.h"
#include "sync/report_output.h"
#include "sync/report_records.h"
#include "sync/setup.h"

namespace alliance::sync {
namespace {

// Writes `write`'s output to `path` through a temporary file renamed into place, so a reader
// (or the weekly timer's next run) never sees half a report. Group-readable: the folder's
// group decides who reads the reports.
template <class Write>
void write_file(const std::string& path, Write&& write) {
    const std::string temporary = path + ".part";
    const mode_t old_mask = ::umask(027);
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    ::umask(old_mask);
    if (!file) throw std::runtime_error("report: cannot write " + temporary);
    write(file);
    file.flush();
    if (!file) throw std::runtime_error("report: writing " + temporary + " failed (disk full?)");
    file.close();
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
        throw std::runtime_error("report: cannot rename " + temporary + " to " + path);
}

}  // namespace

FeedbackCommands::FeedbackCommands(CLI::App& app, const std::function<void(CLI::App*)>& add_common) {
    report_ = app.add_subcommand("report",
                                 "write the per-therapist, per-week alliance report (HTML, and CSV with --csv)\n"
                                 "from the FHIR server or from NDJSON files (--input)");
    add_common(report_);
    ReportOptions& o = report_options_;
    report_->add_option(
        "--out", o.out_html,
        "the HTML file to write (default: <[report] output_dir>/alliance-report-<to>.html, with the CSV\n"
        "beside it: what the weekly timer does)");
    report_->add_option("--csv", o.out_csv, "also write the figures as CSV, one row per therapist-week");
    report_->add_option("--from", o.from, "first day, YYYY-MM-DD (default: 27 days before --to)");
    report_->add_option("--to", o.to, "last day, YYYY-MM-DD (default: today, UTC)");
    report_->add_option("--input", o.inputs, "NDJSON file of FHIR resources (Bulk Data $export output); repeatable")
        ->check(CLI::ExistingFile);
    report_->add_flag("--comments", o.comments, "include the patients' comments");
    report_->add_option("--language", o.language, "report language (default [report] language)");
    publish_ =
        app.add_subcommand("publish",
                           "put the project's FHIR definitions (CodeSystems, StructureDefinitions, SearchParameter,\n"
                           "Questionnaire) on the server; never overwrites a different resource with the same\n"
                           "url and version; exit 0 all there, 5 one refused");
    add_common(publish_);
    report_->add_option("--page-size", o.page_size, "responses per search page from the server (_count; default 200)")
        ->check(CLI::Range(1, 1000));
}

bool FeedbackCommands::chosen() const { return report_->parsed() || publish_->parsed(); }

int FeedbackCommands::run(const std::string& config_file, const std::string& data_dir) {
    if (publish_->parsed()) return run_publish(config_file, data_dir);
    return run_report(config_file, data_dir, report_options_);
}

namespace {

SyncSetup fhir_setup(const std::string& config_file, const std::string& data_dir) {
    std::optional<std::filesystem::path> dir;
    if (!data_dir.empty()) dir = data_dir;
    SyncSetup s = prepare_sync(config_file, dir);
    if (s.target == nullptr || s.config.sync.kind != "fhir")
        throw ConfigError(s.config_label +
                          ": [sync] kind: expected \"fhir\" (definitions are published to a FHIR "
                          "server)");
    return s;
}

}  // namespace

int run_publish(const std::string& config_file, const std::string& data_dir) {
    SyncSetup s = fhir_setup(config_file, data_dir);
    const std::vector<Definition> definitions = load_definitions(s.config);
    int refused = 0;
    for (const auto& o : sync_definitions(*s.http, *s.auth, s.config.sync.url, definitions, true)) {
        std::cout << format_outcome(o) << std::endl;
        refused += o.state == DefinitionState::same ? 0 : 1;
    }
    return refused > 0 ? 5 : 0;
}

CheckStep definitions_check_step(const std::string& config_file, const std::string& data_dir) {
    SyncSetup s = fhir_setup(config_file, data_dir);
    const std::vector<Definition> definitions = load_definitions(s.config);
    std::size_t there = 0;
    std::string problems;
    try {
        for (const auto& o : sync_definitions(*s.http, *s.auth, s.config.sync.url, definitions, false)) {
            if (o.state == DefinitionState::same)
                ++there;
            else
                problems += "\n       " + format_outcome(o);
        }
    } catch (const std::runtime_error& e) {
        problems = "\n       could not look them up: " + std::string(e.what());
    }
    CheckStep step{"defs", true, false,
                   std::to_string(there) + " of " + std::to_string(definitions.size()) +
                       " project definitions (content/fhir, the questionnaire) are on the server" + problems,
                   ""};
    return step;
}

int run_report(const std::string& config_file, const std::string& data_dir, const ReportOptions& options) {
    std::optional<std::filesystem::path> dir;
    if (!data_dir.empty()) dir = data_dir;
    SyncSetup s = prepare_sync(config_file, dir);
    const Config& config = s.config;
    const Questionnaire q = load_questionnaire(questionnaire_file(config));
    const Strings strings = load_strings(config, [](const std::string& warning) {
        std::cerr << "alliance-sync: content override: " << warning << "\n";
    });
    const std::string language = options.language.empty() ? config.report.language : options.language;
    if (!strings.has(language, "report.title"))
        throw ConfigError("--language " + language + ": no report strings in " + strings_dir(config).string() +
                          " for that language");
    using namespace std::chrono;
    const sys_days today = floor<days>(system_clock::now());
    const std::string to = options.to.empty() ? format_day(today) : options.to;
    const std::string from = options.from.empty() ? format_day(parse_day(to, "--to") - days{27}) : options.from;
    ReportOptions out = options;
    if (out.out_html.empty()) {
        if (config.report.output_dir.empty())
            throw ConfigError(s.config_label +
                              ": [report] output_dir: expected the folder for the report, since no "
                              "--out FILE was given");
        const std::string stem = (config.report.output_dir / ("alliance-report-" + to)).string();
        out.out_html = stem + ".html";
        if (out.out_csv.empty()) out.out_csv = stem + ".csv";
    }
    ReportModel model(q, from, to, options.comments);
    const RecordVisitor add = [&model](const ReportRecord& r) { model.add(r); };
    std::string source;
    if (!options.inputs.empty()) {
        for (const auto& file : options.inputs) read_ndjson_file(file, add);
        source = strings.format(language, "report.source_files", {{"n", std::to_string(options.inputs.size())}});
    } else {
        if (s.target == nullptr || config.sync.kind != "fhir")
            throw ConfigError(s.config_label +
                              ": [sync] kind: the report reads from a FHIR server (kind = \"fhir\"); "
                              "without one give --input FILE.ndjson");
        read_server(*s.http, *s.auth, ServerQuery{config.sync.url, from, to, options.page_size}, add);
        source = strings.format(language, "report.source_server", {{"url", config.sync.url}});
    }
    const ReportView view{strings,           language, config.kiosk.clinic_name, config.report.min_responses,
                          format_day(today), source,   options.comments};
    write_file(out.out_html, [&](std::ostream& file) { write_report_html(file, model, view); });
    if (!out.out_csv.empty()) write_file(out.out_csv, [&](std::ostream& file) { write_report_csv(file, model, view); });
    std::cerr << "report: " << model.read << " responses read, " << model.flagged.size() << " flagged; wrote "
              << out.out_html << (out.out_csv.empty() ? "" : " and " + out.out_csv) << std::endl;
    return 0;
}

}  // namespace alliance::sync
