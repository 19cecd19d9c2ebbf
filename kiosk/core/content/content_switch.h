#pragma once
// The kiosk's side of [fleet]: notices new content that alliance-sync pulled into the data
// directory (core/content/fleet_content.h) and hands it over, checked with the kiosk's own loader.
// KioskApp asks only while the welcome screen shows, so a patient never sees the content change
// under them. A file that does not pass is skipped with a log line; the content in use stays.
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/questionnaire/questionnaire.h"

namespace alliance {

class ContentSwitch {
public:
    explicit ContentSwitch(const Config& config);

    struct Update {
        std::optional<Questionnaire> questionnaire;
        std::optional<std::vector<Therapist>> therapists;
    };
    // What changed since the last call (both empty when nothing did, or [fleet] is off). Reads two
    // small files: cheap enough for every tap on the welcome screen.
    Update poll();

private:
    const Config& config_;
    std::string questionnaire_text_;
    std::string therapists_text_;
};

}  // namespace alliance
