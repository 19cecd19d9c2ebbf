#pragma once
// Every kiosk visible ([fleet], sync/README.md "Every kiosk visible"): each kiosk keeps one FHIR
// Device on the server up to date with its health, by a conditional update on its identifier
// (PUT Device?identifier=urn:alliance-kiosk:kiosk|<[kiosk] id>), so it never makes a second one.
//
// What the Device holds:
//   identifier         [sync] device_identifier_system (urn:alliance-kiosk:kiosk) | <[kiosk] id>
//   status             active (in service) | inactive (out of service) | unknown (the kiosk
//                      program has not run on this data directory)
//   statusReason       the error code (E-STORE-FULL, ...) when out of service
//   deviceName         the kiosk id (user-friendly-name)
//   owner              Organization/<[fleet] organization>, when set
//   version            app (this program's version), content (questionnaire id and version shown)
//   property           pending, failed, rejected, sent (queue counts), free-disk-bytes,
//                      last-upload (RFC 3339 in valueCode.text; absent before the first)
//   note[0].time       when this report was made: "last heard" for `alliance-sync fleet`
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/content/kiosk_health.h"
#include "core/store/store.h"
#include "sync/auth.h"
#include "sync/http_client.h"

namespace alliance::sync {

inline constexpr const char* kiosk_identifier_system = "urn:alliance-kiosk:kiosk";
inline constexpr const char* error_code_system = "urn:alliance-kiosk:error-code";

struct DeviceReport {
    std::string kiosk_id;
    std::string device_system = kiosk_identifier_system;  // [sync] device_identifier_system
    std::string organization;                             // "" when [fleet] organization is unset
    std::optional<KioskHealth> kiosk;                     // nullopt: the kiosk has not written its health
    std::string app_version;
    QueueCounts counts;
    std::optional<std::uintmax_t> free_disk_bytes;
    WallTime at{};
};

// The figures of this kiosk now, from its store, its health file and the disk.
DeviceReport collect_device_report(const Config& config, Store& store, WallTime now);
// The Device resource as JSON.
std::string device_json(const DeviceReport& report);
// PUTs the Device; "" on success, else the problem in words (never throws for the network).
std::string put_device(const std::string& base_url, HttpClient& http, Auth& auth, const DeviceReport& report);

}  // namespace alliance::sync
