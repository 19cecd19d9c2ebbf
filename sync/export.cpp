#include "sync/export.h"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <variant>

#include "core/store/store.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

// An answer's values as one cell: codings as their codes, several (multi-select) joined by ";".
std::string answer_cell(const std::vector<AnswerValue>& values) {
    std::string cell;
    for (const auto& v : values) {
        if (!cell.empty()) cell += ';';
        std::visit(
            [&cell](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, Coding>)
                    cell += x.code;
                else if constexpr (std::is_same_v<T, bool>)
                    cell += x ? "true" : "false";
                else if constexpr (std::is_same_v<T, int>)
                    cell += std::to_string(x);
                else
                    cell += x;
            },
            v);
    }
    return cell;
}

std::string score_cell(double score) {
    std::ostringstream out;
    out << std::setprecision(15) << score;
    return out.str();
}

void add_unseen(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

void for_each_stored_response(const std::filesystem::path& data_dir,
                              const std::function<void(const StoredResponse&)>& visit) {
    Store::open(data_dir, Store::User::sync)->for_each_stored_response(visit);
}

CsvColumns csv_columns(const std::filesystem::path& data_dir) {
    CsvColumns columns;
    for_each_stored_response(data_dir, [&columns](const StoredResponse& row) {
        for (const auto& [name, score] : row.response.scores) add_unseen(columns.scores, name);
        for (const auto& a : row.response.answers) add_unseen(columns.items, a.link_id);
    });
    return columns;
}

std::string csv_header(const CsvColumns& columns) {
    std::vector<std::string> names = {
        "session_id", "state",       "status",       "questionnaire_url", "questionnaire_version",
        "language",   "kiosk_id",    "therapist_id", "therapist_name",    "visit_code",
        "started_at", "authored_at", "low_alliance"};
    for (const auto& s : columns.scores) names.push_back("score_" + s);
    for (const auto& i : columns.items) names.push_back("answer_" + i);
    for (const char* n : {"attempts", "server_id", "last_error"}) names.push_back(n);
    return csv_row(names);
}

ExportWriter::ExportWriter(std::ostream& out, ExportFormat format, fhir::MappingOptions mapping, CsvColumns columns)
    : out_(out), format_(format), mapping_(std::move(mapping)), columns_(std::move(columns)) {
    mapping_.resource_ids = true;
    if (format_ == ExportFormat::csv) out_ << csv_header(columns_) << "\r\n";
}

void ExportWriter::write(const StoredResponse& row) {
    const Response& r = row.response;
    if (format_ == ExportFormat::fhir_ndjson) {
        JsonText line;
        fhir::write_questionnaire_response(line, r, mapping_);
        out_ << line.take() << '\n';
        for (const auto& [subscale, score] : r.scores) {
            JsonText obs;
            fhir::write_score_observation(obs, r, subscale, score, "QuestionnaireResponse/" + r.session_id, mapping_);
            out_ << obs.take() << '\n';
        }
    } else if (format_ == ExportFormat::ndjson) {
        out_ << json{{"state", row.state},
                     {"attempts", row.attempts},
                     {"serverId", row.server_id},
                     {"lastError", row.last_error},
                     {"response", to_json(r)}}
                    .dump()
             << '\n';
    } else {
        // "" when the flag was not evaluated (a response frozen before it existed), "no", or the low parts.
        std::string low = r.low_alliance ? (r.low_alliance->empty() ? "no" : "") : "";
        if (r.low_alliance)
            for (const auto& part : *r.low_alliance) low += (low.empty() ? "" : ";") + part;
        std::vector<std::string> cells = {r.session_id,
                                          row.state,
                                          r.status,
                                          r.questionnaire_url,
                                          r.questionnaire_version,
                                          r.language,
                                          r.kiosk_id,
                                          r.therapist_id,
                                          r.therapist_name,
                                          r.visit_code,
                                          r.started_at,
                                          r.authored_at,
                                          low};
        for (const auto& name : columns_.scores) {
            const auto it = r.scores.find(name);
            cells.push_back(it == r.scores.end() ? "" : score_cell(it->second));
        }
        for (const auto& link_id : columns_.items) {
            const auto it = std::find_if(r.answers.begin(), r.answers.end(),
                                         [&](const ResponseAnswer& a) { return a.link_id == link_id; });
            cells.push_back(it == r.answers.end() ? "" : answer_cell(it->values));
        }
        for (const auto& text : {std::to_string(row.attempts), row.server_id, row.last_error}) cells.push_back(text);
        out_ << csv_row(cells) << "\r\n";
    }
    ++rows_;
}

}  // namespace alliance::sync
