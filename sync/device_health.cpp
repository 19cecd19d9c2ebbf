#include "sync/device_health.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/base/build_info.h"
#include "core/base/time_format.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

json count_property(const char* name, std::int64_t value) {
    return {{"type", {{"text", name}}}, {"valueQuantity", json::array({{{"value", value}}})}};
}

}  // namespace

DeviceReport collect_device_report(const Config& config, Store& store, WallTime now) {
    DeviceReport r;
    r.kiosk_id = config.kiosk.id;
    r.device_system = config.sync.device_identifier_system;
    r.organization = config.fleet.organization;
    r.kiosk = read_kiosk_health(config);
    r.app_version = build::version;
    r.counts = store.counts();
    std::error_code error;
    const auto space = std::filesystem::space(config.storage.dir, error);
    if (!error) r.free_disk_bytes = space.available;
    r.at = now;
    return r;
}

std::string device_json(const DeviceReport& r) {
    json device = {{"resourceType", "Device"},
                   {"identifier", json::array({{{"system", r.device_system}, {"value", r.kiosk_id}}})},
                   {"deviceName", json::array({{{"name", r.kiosk_id}, {"type", "user-friendly-name"}}})}};
    device["status"] = !r.kiosk ? "unknown" : r.kiosk->in_service ? "active" : "inactive";
    if (r.kiosk && !r.kiosk->in_service && !r.kiosk->error_code.empty()) {
        device["statusReason"] =
            json::array({{{"coding", json::array({{{"system", error_code_system}, {"code", r.kiosk->error_code}}})},
                          {"text", "out of service: " + r.kiosk->error_code}}});
    }
    if (!r.organization.empty()) device["owner"] = {{"reference", "Organization/" + r.organization}};
    json versions = json::array({{{"type", {{"text", "app"}}}, {"value", r.app_version}}});
    if (r.kiosk && !r.kiosk->content_version.empty())
        versions.push_back({{"type", {{"text", "content"}}}, {"value", r.kiosk->content_version}});
    device["version"] = versions;
    json properties =
        json::array({count_property("pending", r.counts.pending), count_property("failed", r.counts.failed),
                     count_property("rejected", r.counts.rejected), count_property("held", r.counts.held),
                     count_property("sent", r.counts.sent)});
    if (r.free_disk_bytes)
        properties.push_back(count_property("free-disk-bytes", static_cast<std::int64_t>(*r.free_disk_bytes)));
    if (r.counts.last_sent_at)
        properties.push_back({{"type", {{"text", "last-upload"}}},
                              {"valueCode", json::array({{{"text", to_rfc3339(*r.counts.last_sent_at)}}})}});
    device["property"] = properties;
    device["note"] = json::array({{{"time", to_rfc3339(r.at)}, {"text", "health report from alliance-sync"}}});
    return device.dump();
}

std::string put_device(const std::string& base_url, HttpClient& http, Auth& auth, const DeviceReport& report) {
    // A conditional update inside a one-entry batch: the same on every FHIR server, and HTTP
    // stays GET and POST only (http_client.h).
    const std::string search =
        "Device?identifier=" + percent_encode(report.device_system, ":") + "%7C" + percent_encode(report.kiosk_id);
    const json entry = {{"request", {{"method", "PUT"}, {"url", search}}},
                        {"resource", json::parse(device_json(report))}};
    HttpRequest request;
    request.method = "POST";
    request.url = base_url;
    request.headers = {{"Content-Type", "application/fhir+json"}, {"Accept", "application/fhir+json"}};
    request.body = json{{"resourceType", "Bundle"}, {"type", "batch"}, {"entry", json::array({entry})}}.dump();
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, std::move(request));
    } catch (const AuthError& e) {
        return e.what();
    }
    if (!reply.replied()) return "server not reachable: " + reply.error;
    const std::string said = "HTTP " + std::to_string(reply.status) + " " + shorten(redact_quoted(reply.body), 200);
    if (reply.status != 200) return said;
    const json bundle = json::parse(reply.body, nullptr, false);
    if (!bundle.is_object() || !bundle.contains("entry") || !bundle["entry"].is_array() || bundle["entry"].empty())
        return "the batch reply has no entry: " + said;
    const json& first = bundle["entry"][0];
    const json* response = first.is_object() && first.contains("response") ? &first["response"] : nullptr;
    const std::string status = response != nullptr && response->is_object() && response->contains("status") &&
                                       (*response)["status"].is_string()
                                   ? (*response)["status"].get<std::string>()
                                   : "";
    if (status.rfind("200", 0) != 0 && status.rfind("201", 0) != 0) return "Device update refused: " + said;
    return "";
}

}  // namespace alliance::sync
