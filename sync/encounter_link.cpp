#include "sync/encounter_link.h"

#include <nlohmann/json.hpp>
#include <regex>

#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
    const json* value = member(object, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

// A FHIR id, and a literal reference to another resource ("Patient/9" or an absolute URL), as
// they may go into the response: anything else from the server is left out.
bool is_fhir_id(const std::string& id) {
    static const std::regex shape("[A-Za-z0-9.-]{1,64}");
    return id.size() <= 64 && std::regex_match(id, shape);
}

bool is_literal_reference(const std::string& reference) {
    static const std::regex shape("[A-Z][A-Za-z]{1,63}/[A-Za-z0-9.-]{1,64}|https://[!-~]{1,240}");
    return reference.size() <= 256 && std::regex_match(reference, shape);
}

// Search results are cached for the daemon's life; a clinic's visit codes are few a day, but a
// bound keeps a years-long run from growing without end.
constexpr std::size_t max_cached_encounters = 4096;

}  // namespace

std::optional<EncounterSearch> read_encounter_search(std::string_view body) {
    const json bundle = json::parse(body, nullptr, false);
    if (!bundle.is_object() || string_member(bundle, "resourceType") != "Bundle") return std::nullopt;
    EncounterSearch found;
    const json* entries = member(bundle, "entry");
    if (entries == nullptr || !entries->is_array()) return found;
    for (const json& entry : *entries) {
        const json* resource = member(entry, "resource");
        if (resource == nullptr || string_member(*resource, "resourceType") != "Encounter") continue;
        const json* search = member(entry, "search");
        const std::string mode = search == nullptr ? "" : string_member(*search, "mode");
        if (!mode.empty() && mode != "match") continue;  // an _include or an outcome
        if (++found.matches > 1) continue;
        const std::string id = string_member(*resource, "id");
        if (is_fhir_id(id)) found.link.reference = "Encounter/" + id;
        const json* subject = member(*resource, "subject");
        const std::string subject_reference = subject == nullptr ? "" : string_member(*subject, "reference");
        if (is_literal_reference(subject_reference)) found.link.subject_reference = subject_reference;
    }
    return found;
}

std::map<std::size_t, std::string> resolve_encounters(const std::string& base_url, HttpClient& http, Auth& auth,
                                                      const std::vector<const Response*>& batch,
                                                      fhir::MappingOptions& options) {
    std::map<std::size_t, std::string> warnings;
    if (!options.resolve_encounter) return warnings;
    if (options.encounters.size() > max_cached_encounters) options.encounters.clear();
    std::map<std::string, std::string> unresolved;  // visit code -> why, searched once a batch
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::string& code = batch[i]->visit_code;
        if (code.empty() || options.encounters.count(code) != 0) continue;
        if (unresolved.count(code) == 0) {
            HttpRequest search;
            search.url =
                join_url(base_url, "Encounter?" + fhir::identifier_query(options.encounter_system, code) + "&_count=2");
            search.headers = {{"Accept", "application/fhir+json"}};
            std::string why;
            try {
                const HttpResponse reply = send_authorized(http, auth, std::move(search));
                const auto found =
                    reply.replied() && reply.status == 200 ? read_encounter_search(reply.body) : std::nullopt;
                if (!reply.replied())
                    why = "the Encounter search failed (" + shorten(reply.error, 200) + ")";
                else if (!found)
                    why = "the Encounter search answered HTTP " + std::to_string(reply.status) + " without a Bundle";
                else if (found->matches == 0)
                    why = "no Encounter on the server has its visit code";
                else if (found->matches > 1)
                    why = "several Encounters on the server have its visit code";
                else if (found->link.reference.empty())
                    why = "the server's Encounter for its visit code has no usable id";
                else
                    options.encounters[code] = found->link;
            } catch (const AuthError& e) {
                why = std::string("the Encounter search had no credentials (") + e.what() + ")";
            }
            unresolved[code] = why;
        }
        if (!unresolved[code].empty()) {
            warnings[i] = "response " + batch[i]->session_id + ": " + unresolved[code] + " (identifier system " +
                          options.encounter_system +
                          "): sent with the visit code as a logical encounter reference ([sync] resolve_encounter)";
        }
    }
    return warnings;
}

}  // namespace alliance::sync
