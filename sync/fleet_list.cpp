#include "sync/fleet_list.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/base/time_format.h"
#include "sync/device_health.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

std::string str(const json& object, const char* key) {
    if (!object.is_object()) return "";
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<WallTime> time_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        return from_rfc3339(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The array `key` of `object`, or an empty one.
const json& array_of(const json& object, const char* key) {
    static const json empty = json::array();
    if (!object.is_object()) return empty;
    const auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : empty;
}

FleetKiosk kiosk_of(const json& device, const std::string& device_system) {
    FleetKiosk k;
    for (const json& id : array_of(device, "identifier"))
        if (str(id, "system") == device_system) k.kiosk_id = str(id, "value");
    k.status = str(device, "status");
    for (const json& reason : array_of(device, "statusReason"))
        for (const json& coding : array_of(reason, "coding"))
            if (str(coding, "system") == error_code_system) k.error_code = str(coding, "code");
    for (const json& v : array_of(device, "version")) {
        const std::string type = v.is_object() && v.contains("type") ? str(v["type"], "text") : "";
        if (type == "app") k.app_version = str(v, "value");
        if (type == "content") k.content_version = str(v, "value");
    }
    for (const json& p : array_of(device, "property")) {
        const std::string type = p.is_object() && p.contains("type") ? str(p["type"], "text") : "";
        const json& quantities = array_of(p, "valueQuantity");
        const bool number = !quantities.empty() && quantities[0].is_object() && quantities[0].contains("value") &&
                            quantities[0]["value"].is_number_integer();
        if (type == "pending" && number) k.pending = quantities[0]["value"].get<std::int64_t>();
        if (type == "rejected" && number) k.rejected = quantities[0]["value"].get<std::int64_t>();
        if (type == "last-upload" && !array_of(p, "valueCode").empty())
            k.last_upload = str(array_of(p, "valueCode")[0], "text");
    }
    const json& notes = array_of(device, "note");
    k.last_heard = notes.empty() ? std::nullopt : time_of(str(notes[0], "time"));
    if (!k.last_heard && device.contains("meta")) k.last_heard = time_of(str(device["meta"], "lastUpdated"));
    return k;
}

std::string ago(std::chrono::seconds s) {
    const auto m = std::chrono::duration_cast<std::chrono::minutes>(s).count();
    if (m < 1) return "just now";
    if (m < 60) return std::to_string(m) + " min ago";
    if (m < 48 * 60L) return std::to_string(m / 60) + " h " + std::to_string(m % 60) + " min ago";
    return std::to_string(m / (24 * 60L)) + " days ago";
}

std::string count(const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : "?"; }

}  // namespace

std::vector<FleetKiosk> parse_fleet(const std::string& bundle_json, const std::string& device_system) {
    std::vector<FleetKiosk> out;
    const json bundle = json::parse(bundle_json, nullptr, false);
    for (const json& entry : array_of(bundle, "entry")) {
        if (!entry.is_object() || !entry.contains("resource") || str(entry["resource"], "resourceType") != "Device")
            continue;
        FleetKiosk k = kiosk_of(entry["resource"], device_system);
        if (!k.kiosk_id.empty()) out.push_back(std::move(k));
    }
    std::sort(out.begin(), out.end(), [](const FleetKiosk& a, const FleetKiosk& b) { return a.kiosk_id < b.kiosk_id; });
    return out;
}

FleetListing fetch_fleet(const Config& config, HttpClient& http, Auth& auth) {
    const std::string& device_system = config.sync.device_identifier_system;
    std::string query = "Device?identifier=" + percent_encode(device_system, ":") + "%7C&_count=1000";
    if (!config.fleet.organization.empty()) query += "&organization=Organization/" + config.fleet.organization;
    HttpRequest request;
    request.url = join_url(config.sync.url, query);
    request.headers = {{"Accept", "application/fhir+json"}};
    FleetListing listing;
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, std::move(request));
    } catch (const AuthError& e) {
        listing.problem = e.what();
        return listing;
    }
    if (!reply.replied()) {
        listing.problem = "server not reachable: " + reply.error;
    } else if (reply.status != 200) {
        listing.problem =
            "GET " + query + ": HTTP " + std::to_string(reply.status) + " " + shorten(redact_quoted(reply.body), 200);
    } else {
        listing.kiosks = parse_fleet(reply.body, device_system);
    }
    return listing;
}

std::string format_fleet(const std::vector<FleetKiosk>& kiosks, WallTime now, std::chrono::minutes silent_after,
                         int& flagged) {
    flagged = 0;
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "%-24s %-22s %-20s %8s %8s  %-28s %s\n", "kiosk", "status", "last heard",
                  "pending", "rejected", "content", "app");
    out += line;
    for (const FleetKiosk& k : kiosks) {
        std::string heard = "never";
        bool silent = true;
        if (k.last_heard) {
            const auto since = std::chrono::duration_cast<std::chrono::seconds>(now - *k.last_heard);
            heard = ago(std::max(since, std::chrono::seconds(0)));
            silent = since > silent_after;
        }
        std::string status = k.status == "active"     ? "in service"
                             : k.status == "inactive" ? "OUT OF SERVICE"
                                                      : "unknown";
        if (k.status == "inactive" && !k.error_code.empty()) status += " " + k.error_code;
        if (silent) status = "SILENT (" + status + ")";
        if (silent || k.status != "active") ++flagged;
        std::snprintf(line, sizeof line, "%-24s %-22s %-20s %8s %8s  %-28s %s\n", k.kiosk_id.c_str(), status.c_str(),
                      heard.c_str(), count(k.pending).c_str(), count(k.rejected).c_str(), k.content_version.c_str(),
                      k.app_version.c_str());
        out += line;
    }
    out += std::to_string(kiosks.size()) + " kiosk(s); " + std::to_string(flagged) +
           " need attention (silent for more than " + std::to_string(silent_after.count()) +
           " min, out of service, or never reported)\n";
    return out;
}

}  // namespace alliance::sync
