#include "sync/fleet_pull.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/base/owner_only_file.h"
#include "core/base/time_format.h"
#include "core/content/therapist_photo.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

// Enough for any clinic; a server holding more is answered with a clear problem, not a silent cut.
constexpr int max_results = 500;

std::string str(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string last_updated(const json& resource) {
    const auto meta = resource.find("meta");
    return meta != resource.end() && meta->is_object() ? str(*meta, "lastUpdated") : std::string();
}

// RFC 3339 instants from one server compare as text once normalised to UTC with from_rfc3339.
bool newer(const std::string& a, const std::string& b) {
    if (b.empty()) return !a.empty();
    if (a.empty()) return false;
    try {
        return from_rfc3339(a) > from_rfc3339(b);
    } catch (const std::exception&) {
        return a > b;
    }
}

// The resources of a searchset Bundle (entries with search.mode "include" count too).
std::vector<json> resources_of(const json& bundle, const std::string& type) {
    std::vector<json> out;
    const auto entries = bundle.find("entry");
    if (entries == bundle.end() || !entries->is_array()) return out;
    for (const json& entry : *entries) {
        const auto r = entry.find("resource");
        if (r != entry.end() && r->is_object() && str(*r, "resourceType") == type) out.push_back(*r);
    }
    return out;
}

bool has_next_page(const json& bundle) {
    const auto links = bundle.find("link");
    if (links == bundle.end() || !links->is_array()) return false;
    return std::any_of(links->begin(), links->end(),
                       [](const json& l) { return l.is_object() && str(l, "relation") == "next"; });
}

std::string practitioner_name(const json& practitioner) {
    const auto names = practitioner.find("name");
    if (names == practitioner.end() || !names->is_array() || names->empty() || !(*names)[0].is_object()) return "";
    const json& name = (*names)[0];
    if (const std::string text = str(name, "text"); !text.empty()) return text;
    std::string out;
    if (const auto given = name.find("given"); given != name.end() && given->is_array())
        for (const json& g : *given)
            if (g.is_string()) out += (out.empty() ? "" : " ") + g.get<std::string>();
    if (const std::string family = str(name, "family"); !family.empty()) out += (out.empty() ? "" : " ") + family;
    return out;
}

// A kiosk therapist id (lower-case letters, digits, - and _) from a FHIR id.
std::string therapist_id(const std::string& fhir_id) {
    std::string out;
    for (char c : fhir_id.substr(0, 64)) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '-';
    }
    return out;
}

bool active(const json& resource) {
    const auto it = resource.find("active");
    return it == resource.end() || !it->is_boolean() || it->get<bool>();
}

std::string append_problem(const std::string& problems, const std::string& more) {
    return problems.empty() ? more : problems + "; " + more;
}

// Writes `text` to `file` unless it already holds exactly that: an unchanged pull must not make
// the kiosk reload. True when written.
bool write_if_changed(const std::filesystem::path& file, const std::string& text) {
    if (fleet::read_file_text(file) == text) return false;
    write_owner_only_file(file, text);
    return true;
}

// Practitioner.photo[0] as bytes when it is inline data of a PNG or JPEG that passes the kiosk's
// photo checks; "" (with a log line saying why) otherwise. A photo by URL only is not fetched.
std::string photo_bytes(const json& practitioner, const std::string& who, const Log& log) {
    const auto photos = practitioner.find("photo");
    if (photos == practitioner.end() || !photos->is_array() || photos->empty() || !(*photos)[0].is_object()) return "";
    const json& photo = (*photos)[0];
    const auto skip = [&](const std::string& why) {
        log.warning("fleet: photo of " + who + " skipped (initials shown): " + why);
        return std::string();
    };
    const std::string data = str(photo, "data");
    if (data.empty()) return skip("only inline data (Attachment.data) is read, not a url");
    if (data.size() > max_photo_bytes / 3 * 4 + 8) return skip("larger than 2 MiB");
    const auto bytes = base64_decode(data);
    if (!bytes) return skip("Attachment.data is not valid base64");
    const PhotoCheck check = check_photo_bytes(*bytes);
    if (!check.problem.empty()) return skip(check.problem);
    return *bytes;
}

// Writes the photos (id -> bytes) to <data dir>/fleet/photos/<id>.png|.jpg and removes the others.
// Returns id -> hash for therapists.json.
std::map<std::string, std::string> store_photos(const Config& config,
                                                const std::map<std::string, std::string>& photos) {
    const auto dir = pulled_photos_dir(config);
    std::filesystem::create_directories(dir);
    std::map<std::string, std::string> hashes;
    std::set<std::filesystem::path> keep;
    for (const auto& [id, bytes] : photos) {
        const auto file = dir / (id + "." + check_photo_bytes(bytes).extension);
        write_if_changed(file, bytes);
        keep.insert(file);
        hashes[id] = hash_hex(bytes, 16);
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (!keep.contains(entry.path())) std::filesystem::remove(entry.path());
    return hashes;
}

}  // namespace

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
        report.problem = append_problem(report.problem, "server not reachable: " + reply.error);
    } catch (const AuthError& e) {
        report.problem = append_problem(report.problem, e.what());
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
        report.problem = append_problem(report.problem, "GET " + query + ": HTTP " + std::to_string(reply.status) +
                                                            " " + shorten(redact_quoted(reply.body), 200));
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
        report.problem = append_problem(report.problem, "Questionnaire search: the reply is not JSON");
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
        report.problem = append_problem(
            report.problem, "the server has no " +
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
        report.problem = append_problem(report.problem, std::string("refused ") + e.what());
        return;
    }
    questionnaire_ = {true, newest_seen};
}

void FleetPuller::pull_therapists(FleetPullReport& report, fleet::PullStatus& status) {
    const std::string count = "&_count=" + std::to_string(max_results);
    std::string body;
    if (!get("PractitionerRole?organization=Organization/" + config_.fleet.organization + count, report, body)) return;
    const json roles = json::parse(body, nullptr, false);
    if (!roles.is_object() || has_next_page(roles)) {
        report.problem = append_problem(report.problem, "PractitionerRole search: not JSON, or more than " +
                                                            std::to_string(max_results) + " roles");
        return;
    }
    std::string roles_seen;
    std::vector<std::string> ids;  // in the server's order, each once
    for (const json& role : resources_of(roles, "PractitionerRole")) {
        if (newer(last_updated(role), roles_seen)) roles_seen = last_updated(role);
        const auto it = role.find("active");
        if (it == role.end() || !it->is_boolean() || !it->get<bool>()) continue;
        const auto who = role.find("practitioner");
        const std::string ref = who != role.end() && who->is_object() ? str(*who, "reference") : "";
        constexpr std::string_view prefix = "Practitioner/";
        if (ref.rfind(prefix, 0) != 0 || ref.size() == prefix.size()) {
            report.problem = append_problem(report.problem, "PractitionerRole/" + str(role, "id") +
                                                                " is active but has no practitioner reference "
                                                                "(\"Practitioner/<id>\")");
            return;
        }
        const std::string id = ref.substr(prefix.size());
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    std::string joined;
    for (const auto& id : ids) joined += (joined.empty() ? "" : ",") + percent_encode(id);
    std::vector<json> practitioners;
    std::string practitioners_seen;
    if (!ids.empty()) {
        if (!get("Practitioner?_id=" + joined + count, report, body)) return;
        const json bundle = json::parse(body, nullptr, false);
        if (!bundle.is_object()) {
            report.problem = append_problem(report.problem, "Practitioner search: the reply is not JSON");
            return;
        }
        practitioners = resources_of(bundle, "Practitioner");
        for (const json& p : practitioners)
            if (newer(last_updated(p), practitioners_seen)) practitioners_seen = last_updated(p);
    }
    std::vector<Therapist> list;
    std::map<std::string, std::string> photos;
    std::set<std::string> kiosk_ids;
    for (const auto& id : ids) {
        const auto p =
            std::find_if(practitioners.begin(), practitioners.end(), [&](const json& r) { return str(r, "id") == id; });
        if (p == practitioners.end()) {
            report.problem = append_problem(report.problem, "an active PractitionerRole names Practitioner/" + id +
                                                                ", which the server does not have");
            return;
        }
        if (!active(*p)) continue;
        Therapist t{therapist_id(id), practitioner_name(*p)};
        t.reference = "Practitioner/" + id;  // the uploads name the very resource on this server
        if (t.name.empty()) {
            report.problem = append_problem(report.problem, "Practitioner/" + id + " has no name to show patients");
            return;
        }
        if (!kiosk_ids.insert(t.id).second) {
            report.problem =
                append_problem(report.problem, "two practitioners' ids give the same kiosk id \"" + t.id + "\"");
            return;
        }
        if (std::string bytes = photo_bytes(*p, "Practitioner/" + id, log_); !bytes.empty())
            photos[t.id] = std::move(bytes);
        list.push_back(std::move(t));
    }
    const auto photo_hashes = store_photos(config_, photos);
    if (write_if_changed(fleet::therapists_file(config_), fleet::therapists_json(list, photo_hashes))) {
        report.therapists_written = true;
        log_.info("fleet: therapist list written (" + std::to_string(list.size()) +
                  "); the kiosk switches at its next welcome screen");
    }
    status.therapists = static_cast<int>(list.size());
    roles_ = {true, roles_seen};
    practitioners_ = {true, practitioners_seen};
    practitioner_ids_ = joined;
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
        report.problem = append_problem(report.problem, std::string("cannot write the pulled content: ") + e.what());
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
