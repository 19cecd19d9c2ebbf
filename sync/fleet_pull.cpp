#include "sync/fleet_pull.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/owner_only_file.h"
#include "core/base/time_format.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "sync/fleet_reply.h"
#include "sync/text_util.h"

namespace alliance::sync {

using namespace fleet_reply;
using nlohmann::json;

int compare_versions(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        const std::size_t ie = std::min(a.find('.', i), a.size()), je = std::min(b.find('.', j), b.size());
        const std::string pa = i < a.size() ? a.substr(i, ie - i) : "", pb = j < b.size() ? b.substr(j, je - j) : "";
        const bool na = !pa.empty() && pa.size() < 10 && std::all_of(pa.begin(), pa.end(), ::isdigit);
        const bool nb = !pb.empty() && pb.size() < 10 && std::all_of(pb.begin(), pb.end(), ::isdigit);
        if (na && nb) {
            if (std::stol(pa) != std::stol(pb)) return std::stol(pa) < std::stol(pb) ? -1 : 1;
        } else if (pa != pb) {
            return pa < pb ? -1 : 1;
        }
        i = ie + 1;
        j = je + 1;
    }
    return 0;
}

FleetPuller::FleetPuller(Config config, HttpClient& http, Auth& auth, const Clock& clock, const Log& log)
    : config_(std::move(config)), http_(http), auth_(auth), clock_(clock), log_(log) {}

std::optional<HttpResponse> FleetPuller::send(HttpRequest request, FleetPullReport& report) {
    ++report.requests;
    try {
        HttpResponse reply = send_authorized(http_, auth_, std::move(request));
        if (reply.replied()) return reply;
        report.add_problem("server not reachable: " + reply.error);
    } catch (const AuthError& e) {
        report.add_problem(e.what());
    }
    return std::nullopt;
}

bool FleetPuller::get(const std::string& query, FleetPullReport& report, std::string& body) {
    HttpRequest request;
    request.url = join_url(config_.sync.url, query);
    request.headers = {{"Accept", "application/fhir+json"}};
    const auto sent = send(std::move(request), report);
    if (!sent) return false;
    const HttpResponse& reply = *sent;
    if (reply.status != 200) {
        report.add_problem("GET " + query + ": HTTP " + std::to_string(reply.status) + " " +
                           shorten(redact_quoted(reply.body), 200));
        return false;
    }
    body = reply.body;
    return true;
}

struct FleetPuller::Probe {
    Seen* seen;
    std::string search;  // without _lastUpdated and _summary
};

bool FleetPuller::probe_unchanged(FleetPullReport& report) {
    std::vector<Probe> probes;
    if (!config_.fleet.questionnaire_url.empty())
        probes.push_back(
            {&questionnaire_, "Questionnaire?url=" + percent_encode(config_.fleet.questionnaire_url, ":/")});
    if (!config_.fleet.organization.empty()) {
        probes.push_back({&roles_, "PractitionerRole?organization=Organization/" + config_.fleet.organization});
        if (!practitioner_ids_.empty()) probes.push_back({&practitioners_, "Practitioner?_id=" + practitioner_ids_});
    }
    if (std::any_of(probes.begin(), probes.end(), [](const Probe& p) { return !p.seen->fetched; })) return false;
    json entries = json::array();
    for (const Probe& p : probes) {
        std::string url = p.search + "&_summary=count";
        if (!p.seen->last_updated.empty()) url += "&_lastUpdated=gt" + percent_encode(p.seen->last_updated, ":");
        entries.push_back({{"request", {{"method", "GET"}, {"url", url}}}});
    }
    HttpRequest request;
    request.method = "POST";
    request.url = config_.sync.url;
    request.headers = {{"Content-Type", "application/fhir+json"}, {"Accept", "application/fhir+json"}};
    request.body = json{{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", entries}}.dump();
    const auto sent = send(std::move(request), report);
    if (!sent) return true;  // nothing more can be asked now
    const HttpResponse& reply = *sent;
    const json bundle = json::parse(reply.body, nullptr, false);
    const bool ok = reply.status == 200 && bundle.is_object() && bundle.contains("entry") &&
                    bundle["entry"].is_array() && bundle["entry"].size() == probes.size();
    if (!ok) {
        // A server without batch support still answers the full searches.
        log_.warning("fleet: the change check (a batch of searches) got HTTP " + std::to_string(reply.status) +
                     "; fetching everything instead");
        for (const Probe& p : probes) p.seen->fetched = false;
        return false;
    }
    bool unchanged = true;
    for (std::size_t i = 0; i < probes.size(); ++i) {
        const json& entry = bundle["entry"][i];
        const json* result = entry.contains("resource") ? &entry["resource"] : nullptr;
        const bool zero = result != nullptr && result->is_object() && result->contains("total") &&
                          (*result)["total"].is_number_integer() && (*result)["total"].get<long>() == 0;
        if (!zero) {
            probes[i].seen->fetched = false;
            unchanged = false;
        }
    }
    // A changed practitioner may belong to a changed role list: fetch both again.
    if (!practitioners_.fetched || !roles_.fetched) practitioners_.fetched = roles_.fetched = false;
    return unchanged;
}

void FleetPuller::pull_questionnaire(FleetPullReport& report, fleet::PullStatus& status) {
    const auto& f = config_.fleet;
    std::string query =
        "Questionnaire?url=" + percent_encode(f.questionnaire_url, ":/") + "&_count=" + std::to_string(max_results);
    if (!f.questionnaire_version.empty()) query += "&version=" + percent_encode(f.questionnaire_version);
    std::string body;
    if (!get(query, report, body)) return;
    const json bundle = json::parse(body, nullptr, false);
    if (!bundle.is_object()) {
        report.add_problem("Questionnaire search: the reply is not JSON");
        return;
    }
    const json* chosen = nullptr;
    std::string newest_seen;
    const auto found = resources_of(bundle, "Questionnaire");
    for (const json& q : found) {
        if (newer(last_updated(q), newest_seen)) newest_seen = last_updated(q);
        if (str(q, "url") != f.questionnaire_url) continue;
        if (!f.questionnaire_version.empty() ? str(q, "version") != f.questionnaire_version
                                             : str(q, "status") != "active")
            continue;
        if (chosen == nullptr) {
            chosen = &q;
            continue;
        }
        const int c = compare_versions(str(q, "version"), str(*chosen, "version"));
        if (c > 0 || (c == 0 && newer(last_updated(q), last_updated(*chosen)))) chosen = &q;
    }
    if (chosen == nullptr) {
        report.add_problem("the server has no " +
                           (f.questionnaire_version.empty() ? std::string("active Questionnaire")
                                                            : "Questionnaire version " + f.questionnaire_version) +
                           " with url " + f.questionnaire_url);
        return;
    }
    const std::string label = "Questionnaire/" + str(*chosen, "id") + " (version " + str(*chosen, "version") + ")";
    const std::string text = chosen->dump(2) + "\n";
    try {
        const Questionnaire q = fleet::check_questionnaire(text, label, config_);
        if (write_if_changed(fleet::questionnaire_file(config_), text)) {
            report.questionnaire_written = true;
            log_.info("fleet: new questionnaire " + label + " written; the kiosk switches at its next welcome screen");
        }
        status.questionnaire_version = q.version;
    } catch (const QuestionnaireError& e) {
        report.add_problem(std::string("refused ") + e.what());
        return;
    }
    questionnaire_ = {true, newest_seen};
}

FleetPullReport FleetPuller::pull() {
    FleetPullReport report;
    fleet::PullStatus status = fleet::read_status(config_).value_or(fleet::PullStatus{});
    status.last_attempt_at = to_rfc3339(clock_.wall_now());
    try {
        std::filesystem::create_directories(fleet::fleet_dir(config_));
        if (!probe_unchanged(report) && report.problem.empty()) {
            if (!config_.fleet.questionnaire_url.empty() && !questionnaire_.fetched) pull_questionnaire(report, status);
            if (!config_.fleet.organization.empty() && !roles_.fetched) pull_therapists(report, status);
        }
    } catch (const std::exception& e) {
        report.add_problem(std::string("cannot write the pulled content: ") + e.what());
    }
    status.problem = report.problem;
    if (report.problem.empty()) {
        status.last_success_at = status.last_attempt_at;
    } else {
        log_.warning("fleet: kept the last good content: " + report.problem);
    }
    try {
        write_owner_only_file(fleet::status_file(config_), fleet::status_json(status));
    } catch (const std::exception& e) {
        log_.warning(std::string("fleet: cannot write the pull status: ") + e.what());
    }
    return report;
}

}  // namespace alliance::sync
