#include "core/content/kiosk_health.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/base/owner_only_file.h"
#include "core/content/fleet_content.h"

namespace alliance {

std::filesystem::path kiosk_health_file(const Config& config) { return config.storage.dir / "kiosk-health.json"; }

void write_kiosk_health(const Config& config, const KioskHealth& h) {
    try {
        const nlohmann::json doc = {{"in_service", h.in_service},
                                    {"error_code", h.error_code},
                                    {"content_version", h.content_version},
                                    {"since", h.since}};
        write_owner_only_file(kiosk_health_file(config), doc.dump(2) + "\n");
    } catch (const std::exception& e) {
        std::cerr << "alliance-kiosk: cannot write the health file for the fleet view: " << e.what() << '\n';
    }
}

std::optional<KioskHealth> read_kiosk_health(const Config& config) {
    const auto text = fleet::read_file_text(kiosk_health_file(config));
    if (!text) return std::nullopt;
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object()) return std::nullopt;
    try {
        KioskHealth h;
        h.in_service = doc.value("in_service", true);
        h.error_code = doc.value("error_code", "");
        h.content_version = doc.value("content_version", "");
        h.since = doc.value("since", "");
        return h;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // a field of the wrong type: not a file this program wrote
    }
}

}  // namespace alliance
