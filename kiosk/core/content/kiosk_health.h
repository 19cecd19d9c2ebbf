#pragma once
// What the kiosk program says about itself for the fleet view ([fleet], sync/README.md "Every
// kiosk visible"): in or out of service (with its error code) and the content it shows. The kiosk
// writes <data dir>/kiosk-health.json whenever that changes; alliance-sync reads it into the
// kiosk's FHIR Device. Best effort: a kiosk that cannot write it (a full disk) carries on.
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/config/config.h"

namespace alliance {

struct KioskHealth {
    bool in_service = true;
    std::string error_code;       // E-... when out of service
    std::string content_version;  // "<questionnaire id> <version>"
    std::string since;            // RFC 3339: when this was written
};

std::filesystem::path kiosk_health_file(const Config& config);
// Never throws; a failure goes to stderr.
void write_kiosk_health(const Config& config, const KioskHealth& health);
// nullopt: never written (the kiosk has not run on this data directory) or unreadable.
std::optional<KioskHealth> read_kiosk_health(const Config& config);

}  // namespace alliance
