// [fleet] in alliance-sync without a server: the Device a kiosk reports, how `fleet` reads and
// flags it, and how versions are ordered when choosing the newest questionnaire.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/base/time_format.h"
#include "core/content/fleet_content.h"
#include "sync/device_health.h"
#include "sync/fleet_list.h"
#include "sync/fleet_pull.h"
#include "sync/target.h"

using namespace alliance;
using namespace alliance::sync;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

DeviceReport sample_report() {
    DeviceReport r;
    r.kiosk_id = "front-desk-1";
    r.organization = "clinic-north";
    r.kiosk = KioskHealth{true, "", "alliance-check 1.1.0", "2026-11-30T10:00:00Z"};
    r.app_version = "0.1.0";
    r.counts.pending = 3;
    r.counts.failed = 1;
    r.counts.rejected = 2;
    r.counts.held = 4;
    r.counts.sent = 40;
    r.counts.last_sent_at = from_rfc3339("2026-11-30T09:58:00Z");
    r.free_disk_bytes = 5'000'000'000ULL;
    r.at = from_rfc3339("2026-11-30T10:00:00Z");
    return r;
}

std::string searchset(const std::vector<std::string>& devices) {
    std::string out = R"({"resourceType":"Bundle","type":"searchset","entry":[)";
    for (std::size_t i = 0; i < devices.size(); ++i)
        out += (i ? "," : "") + std::string(R"({"resource":)") + devices[i] + "}";
    return out + "]}";
}

}  // namespace

TEST_CASE("the Device names the kiosk by identifier and carries its status, versions, counts, disk and last upload") {
    const auto d = nlohmann::json::parse(device_json(sample_report()));
    CHECK(d["identifier"][0]["system"] == "urn:alliance-kiosk:kiosk");
    CHECK(d["identifier"][0]["value"] == "front-desk-1");
    CHECK(d["status"] == "active");
    CHECK_FALSE(d.contains("statusReason"));
    CHECK(d["owner"]["reference"] == "Organization/clinic-north");
    CHECK(d["version"][1]["value"] == "alliance-check 1.1.0");
    std::map<std::string, nlohmann::json> p;
    for (const auto& prop : d["property"]) p[prop["type"]["text"]] = prop;
    CHECK(p["pending"]["valueQuantity"][0]["value"] == 3);
    CHECK(p["failed"]["valueQuantity"][0]["value"] == 1);
    CHECK(p["rejected"]["valueQuantity"][0]["value"] == 2);
    CHECK(p["held"]["valueQuantity"][0]["value"] == 4);
    CHECK(p["sent"]["valueQuantity"][0]["value"] == 40);
    CHECK(p["free-disk-bytes"]["valueQuantity"][0]["value"] == 5'000'000'000LL);
    CHECK(p["last-upload"]["valueCode"][0]["text"] == "2026-11-30T09:58:00Z");
    CHECK(d["note"][0]["time"] == "2026-11-30T10:00:00Z");
}

TEST_CASE("an out-of-service kiosk's Device is inactive with its error code; one never started is unknown") {
    DeviceReport r = sample_report();
    r.kiosk = KioskHealth{false, "E-STORE-FULL", "", "2026-11-30T10:00:00Z"};
    const auto d = nlohmann::json::parse(device_json(r));
    CHECK(d["status"] == "inactive");
    CHECK(d["statusReason"][0]["coding"][0]["code"] == "E-STORE-FULL");
    r.kiosk.reset();
    CHECK(nlohmann::json::parse(device_json(r))["status"] == "unknown");
}

TEST_CASE("fleet reads back what a kiosk reported") {
    const auto kiosks = parse_fleet(searchset({device_json(sample_report())}));
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].kiosk_id == "front-desk-1");
    CHECK(kiosks[0].status == "active");
    CHECK(kiosks[0].content_version == "alliance-check 1.1.0");
    CHECK(kiosks[0].pending == 3);
    CHECK(kiosks[0].rejected == 2);
    CHECK(kiosks[0].last_upload == "2026-11-30T09:58:00Z");
    REQUIRE(kiosks[0].last_heard.has_value());
    CHECK(to_rfc3339(*kiosks[0].last_heard) == "2026-11-30T10:00:00Z");
}

TEST_CASE("fleet flags a kiosk silent for longer than the threshold and one out of service, not a healthy one") {
    DeviceReport healthy = sample_report(), silent = sample_report(), broken = sample_report();
    silent.kiosk_id = "lobby-2";
    silent.at = from_rfc3339("2026-11-30T08:00:00Z");
    broken.kiosk_id = "gym-3";
    broken.kiosk = KioskHealth{false, "E-CONTENT", "", ""};
    const auto kiosks = parse_fleet(searchset({device_json(silent), device_json(healthy), device_json(broken)}));
    int flagged = 0;
    const std::string text = format_fleet(kiosks, from_rfc3339("2026-11-30T10:10:00Z"), 30min, flagged);
    CHECK(flagged == 2);
    CHECK(text.find("lobby-2                  SILENT (in service)") != std::string::npos);
    CHECK(text.find("2 h 10 min ago") != std::string::npos);
    CHECK(text.find("gym-3                    OUT OF SERVICE E-CONTENT") != std::string::npos);
    CHECK(text.find("front-desk-1             in service             10 min ago") != std::string::npos);
    CHECK(text.find("3 kiosk(s); 2 need attention (silent for more than 30 min") != std::string::npos);
    // The same kiosks with a threshold of three hours: only the broken one.
    format_fleet(kiosks, from_rfc3339("2026-11-30T10:10:00Z"), 180min, flagged);
    CHECK(flagged == 1);
}

TEST_CASE("versions compare dot by dot, numbers as numbers") {
    CHECK(compare_versions("1.10.0", "1.9.0") > 0);
    CHECK(compare_versions("2", "10") < 0);
    CHECK(compare_versions("1.0", "1.0") == 0);
    CHECK(compare_versions("1.0.1", "1.0") > 0);
    CHECK(compare_versions("2024-b", "2024-a") > 0);
}

TEST_CASE("uploads read the pulled therapists' references from the fleet folder, and only with [fleet] on") {
    const fs::path dir = fs::temp_directory_path() / ("alliance-fleet-map-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    Config config;
    config.storage.dir = dir;
    config.kiosk.therapists = {Therapist{"alex", "Alex Rivera", "", "", ""}};
    fs::create_directories(alliance::fleet::therapists_file(config).parent_path());
    Therapist pulled{"maria", "María López", "", "", "Practitioner/prac-9"};
    std::ofstream(alliance::fleet::therapists_file(config)) << alliance::fleet::therapists_json({pulled});
    CHECK(mapping_options(config).pulled_therapists.empty());  // [fleet] off: the folder is ignored
    config.fleet.enabled = true;
    const auto options = mapping_options(config);
    REQUIRE(options.pulled_therapists.size() == 1);
    CHECK(options.pulled_therapists[0].reference == "Practitioner/prac-9");
    CHECK(options.therapists.size() == 1);
    fs::remove_all(dir);
}

TEST_CASE("with [sync] device_identifier_system the Device and the fleet listing use the clinic's system") {
    DeviceReport r = sample_report();
    r.device_system = "http://clinic.example.org/fhir/sid/kiosk";
    const auto d = nlohmann::json::parse(device_json(r));
    CHECK(d["identifier"][0]["system"] == "http://clinic.example.org/fhir/sid/kiosk");
    const auto listed = parse_fleet(searchset({device_json(r)}), "http://clinic.example.org/fhir/sid/kiosk");
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].kiosk_id == "front-desk-1");
    CHECK(parse_fleet(searchset({device_json(r)})).empty());  // not a kiosk under the default system
}
