#include "core/content/fleet_content.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/questionnaire/questionnaire_loader.h"

namespace alliance::fleet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Pulled files are a few kilobytes; anything far larger is not ours to read whole.
constexpr std::uintmax_t max_file_bytes = std::uintmax_t{4} * 1024 * 1024;

std::string string_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

fs::path fleet_dir(const Config& config) { return config.storage.dir / "fleet"; }
fs::path questionnaire_file(const Config& config) { return fleet_dir(config) / "questionnaire.json"; }
fs::path therapists_file(const Config& config) { return fleet_dir(config) / "therapists.json"; }
fs::path status_file(const Config& config) { return fleet_dir(config) / "status.json"; }

std::optional<std::string> read_file_text(const fs::path& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    if (error || size > max_file_bytes) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

Questionnaire check_questionnaire(const std::string& json_text, const std::string& file_name, const Config& config) {
    Questionnaire q = parse_questionnaire(json_text, file_name);
    for (const auto& language : config.kiosk.languages) {
        const auto missing = missing_translations(q, language);
        if (missing.empty()) continue;
        throw QuestionnaireError(file_name + ": no '" + language + "' translation for " +
                                 std::to_string(missing.size()) + " text(s) ([kiosk] languages lists " + language +
                                 "), first: " + missing.front());
    }
    return q;
}

std::string therapists_json(const std::vector<Therapist>& therapists,
                            const std::map<std::string, std::string>& photo_hashes) {
    json list = json::array();
    for (const auto& t : therapists) {
        list.push_back({{"id", t.id}, {"name", t.name}});
        if (!t.reference.empty()) list.back()["reference"] = t.reference;  // how uploads name them
        if (const auto it = photo_hashes.find(t.id); it != photo_hashes.end()) list.back()["photo"] = it->second;
    }
    return json{{"therapists", list}}.dump(2) + "\n";
}

std::vector<Therapist> parse_therapists(const std::string& json_text, const std::string& file_name) {
    const json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("therapists") || !doc["therapists"].is_array()) {
        throw std::runtime_error(file_name + ": expected {\"therapists\": [...]}");
    }
    std::vector<Therapist> out;
    for (const json& entry : doc["therapists"]) {
        if (!entry.is_object()) throw std::runtime_error(file_name + ": therapists: expected objects");
        Therapist t{string_field(entry, "id"), string_field(entry, "name")};
        t.reference = string_field(entry, "reference");  // absent in files of earlier versions: ""
        if (t.id.empty() || t.name.empty()) {
            throw std::runtime_error(file_name + ": therapists[" + std::to_string(out.size()) +
                                     "]: expected an id and a name");
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::string status_json(const PullStatus& s) {
    return json{{"last_attempt_at", s.last_attempt_at},
                {"last_success_at", s.last_success_at},
                {"problem", s.problem},
                {"questionnaire_version", s.questionnaire_version},
                {"therapists", s.therapists}}
               .dump(2) +
           "\n";
}

std::optional<PullStatus> read_status(const Config& config) {
    const auto text = read_file_text(status_file(config));
    if (!text) return std::nullopt;
    const json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    PullStatus s;
    s.last_attempt_at = string_field(doc, "last_attempt_at");
    s.last_success_at = string_field(doc, "last_success_at");
    s.problem = string_field(doc, "problem");
    s.questionnaire_version = string_field(doc, "questionnaire_version");
    if (const auto it = doc.find("therapists"); it != doc.end() && it->is_number_integer())
        s.therapists = it->get<int>();
    return s;
}

std::string describe(const std::optional<PullStatus>& status) {
    if (!status) return "not pulled yet";
    std::string what;
    if (!status->questionnaire_version.empty()) what += "questionnaire version " + status->questionnaire_version;
    if (status->therapists >= 0) {
        what += (what.empty() ? "" : ", ") + std::to_string(status->therapists) + " therapist(s)";
    }
    if (what.empty()) what = "nothing pulled yet";
    if (!status->problem.empty()) {
        return "PROBLEM, kept the last good content (" + what + "): " + status->problem + " (at " +
               status->last_attempt_at + ")";
    }
    return what + ", checked " + status->last_success_at;
}

}  // namespace alliance::fleet
