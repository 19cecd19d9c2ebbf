#include "sync/export.h"

#include <nlohmann/json.hpp>
#include <variant>

#include "core/sqlite_db.h"
#include "core/store.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

// {"linkId": [values]} with codings as their codes: compact, one cell, unambiguous.
json answers_cell(const Response& r) {
    json out = json::object();
    for (const auto& a : r.answers) {
        json values = json::array();
        for (const auto& v : a.values) {
            std::visit([&values](const auto& x) {
                if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Coding>) {
                    values.push_back(x.code);
                } else {
                    values.push_back(x);
                }
            }, v);
        }
        out[a.link_id] = values;
    }
    return out;
}

}  // namespace

void for_each_stored_response(const std::filesystem::path& data_dir,
                              const std::function<void(const StoredResponse&)>& visit) {
    // Opening through the Store creates or migrates the schema that the query below reads.
    Store::open(data_dir, Store::User::sync).reset();
    sqlite::Db db(data_dir / "alliance.db");
    db.set_busy_timeout(5000);
    sqlite::Operation op(db, "export");
    auto page = db.prepare(
        "SELECT seq, state, attempts, server_id, last_error, response_json FROM outbox"
        " WHERE seq > ?1 ORDER BY seq LIMIT 500");
    std::int64_t after = 0;
    for (bool more = true; more;) {
        more = false;
        page.bind(1, after);
        while (page.step()) {
            more = true;
            after = page.int64(0);
            StoredResponse row;
            row.state = page.text(1);
            row.attempts = static_cast<int>(page.int64(2));
            row.server_id = page.text(3);
            row.last_error = page.text(4);
            row.response = response_from_text(page.text(5));
            visit(row);
        }
    }
}

std::string csv_header() {
    return "session_id,state,status,questionnaire_url,questionnaire_version,language,kiosk_id,therapist_id,"
           "therapist_name,visit_code,started_at,authored_at,scores,answers,attempts,server_id,last_error";
}

ExportWriter::ExportWriter(std::ostream& out, ExportFormat format, fhir::MappingOptions mapping)
    : out_(out), format_(format), mapping_(std::move(mapping)) {
    mapping_.resource_ids = true;
    if (format_ == ExportFormat::csv) out_ << csv_header() << "\r\n";
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
        out_ << csv_row({r.session_id, row.state, r.status, r.questionnaire_url, r.questionnaire_version, r.language,
                         r.kiosk_id, r.therapist_id, r.therapist_name, r.visit_code, r.started_at, r.authored_at,
                         json(r.scores).dump(), answers_cell(r).dump(), std::to_string(row.attempts), row.server_id,
                         row.last_error})
             << "\r\n";
    }
    ++rows_;
}

}  // namespace alliance::sync
