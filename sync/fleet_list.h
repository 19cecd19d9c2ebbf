#pragma once
// `alliance-sync fleet`: every kiosk of the clinic as the server knows it (their Devices, see
// device_health.h), with how long since each was last heard from; the silent ones flagged.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/device_health.h"
#include "sync/http_client.h"

namespace alliance::sync {

struct FleetKiosk {
    std::string kiosk_id;
    std::string status;      // active | inactive | unknown
    std::string error_code;  // when inactive
    std::string content_version;
    std::string app_version;
    std::optional<std::int64_t> pending, rejected;
    std::optional<WallTime> last_heard;  // note[0].time, else meta.lastUpdated
    std::string last_upload;
};

struct FleetListing {
    std::vector<FleetKiosk> kiosks;  // sorted by kiosk id
    std::string problem;             // the server could not be asked; kiosks is then empty
};

// Device?identifier=<[sync] device_identifier_system>|[&organization=Organization/<id>]: every
// kiosk's Device (of the clinic when [fleet] organization is set).
FleetListing fetch_fleet(const Config& config, HttpClient& http, Auth& auth);
// Parses a searchset Bundle of Devices (exposed for tests).
std::vector<FleetKiosk> parse_fleet(const std::string& bundle_json,
                                    const std::string& device_system = kiosk_identifier_system);

// The table printed by `fleet`; `silent_after` flags kiosks not heard from for longer (and any
// out of service). Returns how many need attention through `flagged`.
std::string format_fleet(const std::vector<FleetKiosk>& kiosks, WallTime now, std::chrono::minutes silent_after,
                         int& flagged);

}  // namespace alliance::sync
