#include "sync/fleet_reply.h"

#include <algorithm>

#include "core/base/owner_only_file.h"
#include "core/base/time_format.h"
#include "core/content/fleet_content.h"

namespace alliance::sync::fleet_reply {

using nlohmann::json;

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

bool write_if_changed(const std::filesystem::path& file, const std::string& text) {
    if (fleet::read_file_text(file) == text) return false;
    write_owner_only_file(file, text);
    return true;
}

}  // namespace alliance::sync::fleet_reply
