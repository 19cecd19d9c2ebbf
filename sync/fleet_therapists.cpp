// The therapist half of the [fleet] pull (fleet_pull.h): the organization's active roles, their
// practitioners, names and photos, written as therapists.json and fleet/photos/.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/content/therapist_photo.h"
#include "sync/fleet_pull.h"
#include "sync/fleet_reply.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using namespace fleet_reply;
using nlohmann::json;

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

// The practitioner ids the active roles name, in the server's order, each once; `seen` becomes
// the newest lastUpdated of all roles. nullopt, with the problem added, for an active role that
// names no practitioner.
std::optional<std::vector<std::string>> practitioner_ids(const json& roles, std::string& seen,
                                                         FleetPullReport& report) {
    std::vector<std::string> ids;
    for (const json& role : resources_of(roles, "PractitionerRole")) {
        if (newer(last_updated(role), seen)) seen = last_updated(role);
        const auto it = role.find("active");
        if (it == role.end() || !it->is_boolean() || !it->get<bool>()) continue;
        const auto who = role.find("practitioner");
        const std::string ref = who != role.end() && who->is_object() ? str(*who, "reference") : "";
        constexpr std::string_view prefix = "Practitioner/";
        if (ref.rfind(prefix, 0) != 0 || ref.size() == prefix.size()) {
            report.add_problem("PractitionerRole/" + str(role, "id") +
                               " is active but has no practitioner reference "
                               "(\"Practitioner/<id>\")");
            return std::nullopt;
        }
        const std::string id = ref.substr(prefix.size());
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

// The kiosk's therapists for `ids` (inactive practitioners left out), their photos added to
// `photos`; nullopt, with the problem added, for a practitioner missing, without a name, or whose
// kiosk id another one already has.
std::optional<std::vector<Therapist>> therapists_of(const std::vector<std::string>& ids,
                                                    const std::vector<json>& practitioners,
                                                    std::map<std::string, std::string>& photos, FleetPullReport& report,
                                                    const Log& log) {
    std::vector<Therapist> list;
    std::set<std::string> kiosk_ids;
    for (const auto& id : ids) {
        const auto p =
            std::find_if(practitioners.begin(), practitioners.end(), [&](const json& r) { return str(r, "id") == id; });
        if (p == practitioners.end()) {
            report.add_problem("an active PractitionerRole names Practitioner/" + id +
                               ", which the server does not have");
            return std::nullopt;
        }
        if (!active(*p)) continue;
        Therapist t{therapist_id(id), practitioner_name(*p)};
        t.reference = "Practitioner/" + id;  // the uploads name the very resource on this server
        if (t.name.empty()) {
            report.add_problem("Practitioner/" + id + " has no name to show patients");
            return std::nullopt;
        }
        if (!kiosk_ids.insert(t.id).second) {
            report.add_problem("two practitioners' ids give the same kiosk id \"" + t.id + "\"");
            return std::nullopt;
        }
        if (std::string bytes = photo_bytes(*p, "Practitioner/" + id, log); !bytes.empty())
            photos[t.id] = std::move(bytes);
        list.push_back(std::move(t));
    }
    return list;
}

}  // namespace

void FleetPuller::pull_therapists(FleetPullReport& report, fleet::PullStatus& status) {
    const std::string count = "&_count=" + std::to_string(max_results);
    std::string body;
    if (!get("PractitionerRole?organization=Organization/" + config_.fleet.organization + count, report, body)) return;
    const json roles = json::parse(body, nullptr, false);
    if (!roles.is_object() || has_next_page(roles)) {
        report.add_problem("PractitionerRole search: not JSON, or more than " + std::to_string(max_results) + " roles");
        return;
    }
    std::string roles_seen;
    const auto ids = practitioner_ids(roles, roles_seen, report);
    if (!ids) return;
    std::string joined;
    for (const auto& id : *ids) joined += (joined.empty() ? "" : ",") + percent_encode(id);
    std::vector<json> practitioners;
    std::string practitioners_seen;
    if (!ids->empty()) {
        if (!get("Practitioner?_id=" + joined + count, report, body)) return;
        const json bundle = json::parse(body, nullptr, false);
        if (!bundle.is_object()) {
            report.add_problem("Practitioner search: the reply is not JSON");
            return;
        }
        practitioners = resources_of(bundle, "Practitioner");
        for (const json& p : practitioners)
            if (newer(last_updated(p), practitioners_seen)) practitioners_seen = last_updated(p);
    }
    std::map<std::string, std::string> photos;
    const auto list = therapists_of(*ids, practitioners, photos, report, log_);
    if (!list) return;
    const auto photo_hashes = store_photos(config_, photos);
    if (write_if_changed(fleet::therapists_file(config_), fleet::therapists_json(*list, photo_hashes))) {
        report.therapists_written = true;
        log_.info("fleet: therapist list written (" + std::to_string(list->size()) +
                  "); the kiosk switches at its next welcome screen");
    }
    status.therapists = static_cast<int>(list->size());
    roles_ = {true, roles_seen};
    practitioners_ = {true, practitioners_seen};
    practitioner_ids_ = joined;
}

}  // namespace alliance::sync
