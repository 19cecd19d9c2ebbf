#include "sync/target.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "core/content/fleet_content.h"
#include "core/content/paths.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "sync/text_util.h"

namespace alliance::sync {

namespace {

// `j[key]` when it is a string, else `fallback`: a server may put anything in any field, and
// json::value() throws when the type differs.
std::string string_at(const nlohmann::json& j, const char* key, const std::string& fallback = "") {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

std::string operation_outcome_text(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || string_at(j, "resourceType") != "OperationOutcome" || !j.contains("issue") ||
        !j["issue"].is_array()) {
        return body.empty() ? "(no details in the reply)" : shorten(body, 300);
    }
    std::string text;
    for (const auto& issue : j["issue"]) {
        if (!issue.is_object()) continue;
        if (!text.empty()) text += "; ";
        text += string_at(issue, "severity", "error") + " " + string_at(issue, "code", "unknown") + ": ";
        if (issue.contains("details") && issue["details"].is_object() && issue["details"].contains("text")) {
            text += string_at(issue["details"], "text");
        } else {
            text += string_at(issue, "diagnostics");
        }
        if (issue.contains("expression") && issue["expression"].is_array() && !issue["expression"].empty() &&
            issue["expression"][0].is_string()) {
            text += " (at " + issue["expression"][0].get<std::string>() + ")";
        }
    }
    return shorten(text, 1000);
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now) {
    if (value.empty()) return std::nullopt;
    if (value.find_first_not_of("0123456789") == std::string::npos) {
        if (value.size() > 9) return std::chrono::seconds(999999999);
        return std::chrono::seconds(std::stol(value));
    }
    std::tm tm{};
    // RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    const char* end = ::strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    // Compared in seconds: a date centuries ahead does not fit the clock's nanoseconds.
    const std::time_t at = ::timegm(&tm);
    const std::time_t now_seconds = std::chrono::system_clock::to_time_t(now);
    if (at <= now_seconds) return std::chrono::seconds(0);
    return std::chrono::seconds(std::min<std::time_t>(at - now_seconds, 999999999));
}

std::optional<BatchResult> classify_reply(const HttpResponse& reply, const std::string& url) {
    BatchResult result;
    if (!reply.replied()) {
        result.kind = BatchResult::Kind::retry;
        result.reason = reply.error;
        return result;
    }
    if (reply.status >= 200 && reply.status <= 299) return std::nullopt;
    const std::string status = "HTTP " + std::to_string(reply.status);
    static const std::set<long> content_at_fault = {400, 410, 412, 413, 422};
    if (content_at_fault.count(reply.status) != 0) {
        result.kind = BatchResult::Kind::refused_whole;
        result.reason = status + ": " + operation_outcome_text(reply.body);
        return result;
    }
    result.kind = BatchResult::Kind::retry;
    if (reply.status == 429 || reply.status == 503) {
        if (auto value = reply.header("retry-after"))
            result.retry_after = parse_retry_after(*value, std::chrono::system_clock::now());
    }
    if (reply.status == 401) {
        result.reason = status + " from " + url +
                        ": the server did not accept the credentials; check [sync] auth and its token or client files";
    } else if (reply.status == 403) {
        result.reason = status + " from " + url +
                        ": the credentials are not allowed to create these resources; ask the server's administrator";
    } else if (reply.status == 404 || reply.status == 405) {
        result.reason = status + " from " + url + ": nothing there takes uploads; check [sync] url";
    } else if (reply.status == 429) {
        result.reason = status + ": the server asks the kiosk to slow down";
    } else if (reply.status == 409) {
        result.reason = status +
                        ": the server was storing the same response for another request at the same "
                        "time; trying again (" +
                        operation_outcome_text(reply.body) + ")";
    } else {
        result.reason = status + ": " + operation_outcome_text(reply.body);
        result.record_may_be_at_fault =
            reply.status >= 500 && reply.status != 502 && reply.status != 503 && reply.status != 504;
    }
    return result;
}

std::optional<BatchResult> post_batch(HttpClient& http, Auth& auth, HttpRequest request, std::string& body,
                                      long& status) {
    const std::string url = request.url;
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, std::move(request));
    } catch (const AuthError& e) {
        return BatchResult{BatchResult::Kind::retry, {}, e.what(), std::nullopt};
    }
    status = reply.status;
    if (auto verdict = classify_reply(reply, url)) return verdict;
    body = std::move(reply.body);
    return std::nullopt;
}

BatchResult unproven_reply(long status, const std::string& url, const std::string& body, const std::string& expected) {
    std::string seen;
    if (status == 202) {
        seen = "the server only accepted the request for later processing, which proves nothing";
    } else if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
        seen = "the reply is empty";
    } else {
        seen = "the reply begins \"" + shorten(printable(body), 80) + "\"";
    }
    BatchResult result;
    result.kind = BatchResult::Kind::retry;
    result.reason = "HTTP " + std::to_string(status) + " from " + url + " is not " + expected + " (" + seen +
                    "): nothing is counted as sent. Likely a proxy or login portal answered instead of the "
                    "server, or [sync] url is not the upload endpoint; run alliance-sync check";
    return result;
}

std::unique_ptr<Target> make_target(const SyncSettings& sync, HttpClient& http, Auth& auth,
                                    fhir::MappingOptions mapping) {
    if (sync.kind == "json") return make_json_target(sync.url, http, auth);
    return make_fhir_target(sync.url, http, auth, std::move(mapping));
}

std::vector<Therapist> read_pulled_therapists(const std::filesystem::path& file) {
    if (file.empty()) return {};
    const std::optional<std::string> text = fleet::read_file_text(file);
    if (!text) return {};
    try {
        return fleet::parse_therapists(*text, file.string());
    } catch (const std::exception&) {
        return {};  // alliance-sync wrote it whole and checked; unreadable means none pulled yet
    }
}

fhir::MappingOptions mapping_options(const Config& config) {
    fhir::MappingOptions options;
    options.therapists = config.kiosk.therapists;
    options.follow_up_task = config.report.follow_up == "task";
    options.max_transaction_entries = static_cast<std::size_t>(config.sync.max_transaction_entries);
    options.encounter_system = config.sync.encounter_identifier_system;
    options.device_system = config.sync.device_identifier_system;
    options.resolve_encounter = config.sync.resolve_encounter;
    if (config.fleet.enabled) {
        options.pulled_therapists_file = fleet::therapists_file(config);
        options.pulled_therapists = read_pulled_therapists(options.pulled_therapists_file);
    }
    // Only to nest responses frozen without their groups: a questionnaire that cannot be read
    // here leaves them flat, and never stops an upload.
    try {
        options.questionnaires.push_back(load_questionnaire(questionnaire_file(config)));
    } catch (const std::exception&) {}
    if (config.fleet.enabled) {
        try {
            if (std::filesystem::exists(fleet::questionnaire_file(config)))
                options.questionnaires.push_back(load_questionnaire(fleet::questionnaire_file(config)));
        } catch (const std::exception&) {}
    }
    return options;
}

}  // namespace alliance::sync
