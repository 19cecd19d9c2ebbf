#include "sync/capabilities.h"

#include <nlohmann/json.hpp>

#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
    static const json none;
    if (!object.is_object()) return none;
    const auto it = object.find(key);
    return it == object.end() ? none : *it;
}

std::string text(const json& object, const char* key) {
    const json& value = member(object, key);
    return value.is_string() ? value.get<std::string>() : "";
}

// True when `list` (an array of objects) has one whose `key` is `wanted`.
bool has_named(const json& list, const char* key, std::string_view wanted) {
    if (!list.is_array()) return false;
    for (const json& item : list)
        if (text(item, key) == wanted) return true;
    return false;
}

ResourceCapability resource_capability(const json& resource) {
    ResourceCapability c;
    c.listed = true;
    c.conditional_create =
        member(resource, "conditionalCreate").is_boolean() && member(resource, "conditionalCreate").get<bool>();
    c.identifier_search = has_named(member(resource, "searchParam"), "name", "identifier");
    c.validate = has_named(member(resource, "operation"), "name", "validate");
    return c;
}

}  // namespace

std::optional<ServerCapabilities> read_capability_statement(std::string_view body) {
    const json statement = json::parse(body, nullptr, false);
    if (!statement.is_object() || text(statement, "resourceType") != "CapabilityStatement") return std::nullopt;
    ServerCapabilities caps;
    caps.fhir_version = text(statement, "fhirVersion");
    caps.software = text(member(statement, "software"), "name");
    const json& rests = member(statement, "rest");
    if (!rests.is_array()) return caps;
    for (const json& rest : rests) {
        if (text(rest, "mode") != "server") continue;
        caps.transaction = caps.transaction || has_named(member(rest, "interaction"), "code", "transaction");
        caps.system_validate = caps.system_validate || has_named(member(rest, "operation"), "name", "validate");
        const json& resources = member(rest, "resource");
        if (!resources.is_array()) continue;
        for (const json& resource : resources) {
            const std::string type = text(resource, "type");
            if (type == "QuestionnaireResponse") caps.questionnaire_response = resource_capability(resource);
            if (type == "Observation") caps.observation = resource_capability(resource);
        }
    }
    return caps;
}

std::optional<ServerCapabilities> fetch_capabilities(const std::string& url, HttpClient& http, Auth& auth,
                                                     std::string& problem, long* status) {
    const std::string metadata = join_url(url, "metadata");
    HttpResponse reply;
    try {
        reply = send_authorized(http, auth, HttpRequest{"GET", metadata, {{"Accept", "application/fhir+json"}}, ""});
    } catch (const AuthError& e) {
        problem = e.what();
        return std::nullopt;
    }
    if (!reply.replied()) {
        problem = "GET " + metadata + ": " + reply.error;
        return std::nullopt;
    }
    if (status != nullptr) *status = reply.status;
    if (reply.status != 200) {
        problem = "GET " + metadata + " answered HTTP " + std::to_string(reply.status);
        return std::nullopt;
    }
    auto caps = read_capability_statement(reply.body);
    if (!caps) problem = "GET " + metadata + " did not answer with a CapabilityStatement";
    return caps;
}

std::string conditional_create_refusal(const ServerCapabilities& caps, const SyncSettings& sync,
                                       const std::string& config_label) {
    if (sync.allow_without_conditional_create) return "";
    std::string missing;
    if (!caps.questionnaire_response.conditional_create) missing = "QuestionnaireResponse";
    if (!caps.observation.conditional_create) missing += std::string(missing.empty() ? "" : " and ") + "Observation";
    if (missing.empty()) return "";
    return config_label + ": [sync] allow_without_conditional_create: the server (" + sync.url +
           ") does not announce conditional create for " + missing +
           " in its CapabilityStatement, so every retry after a lost reply could store a response again; nothing "
           "was sent. Turn conditional create on in the server; or, if it does support it without saying so, or "
           "duplicates are acceptable, set allow_without_conditional_create = true (sync/README.md)";
}

}  // namespace alliance::sync
