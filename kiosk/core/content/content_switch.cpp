#include "core/content/content_switch.h"

#include <iostream>

#include "core/content/fleet_content.h"

namespace alliance {

ContentSwitch::ContentSwitch(const Config& config) : config_(config) {}

ContentSwitch::Update ContentSwitch::poll() {
    Update update;
    if (!config_.fleet.enabled) return update;
    if (!config_.fleet.questionnaire_url.empty()) {
        const auto file = fleet::questionnaire_file(config_);
        if (auto text = fleet::read_file_text(file); text && *text != questionnaire_text_) {
            questionnaire_text_ = std::move(*text);
            try {
                update.questionnaire = fleet::check_questionnaire(questionnaire_text_, file.string(), config_);
                std::cerr << "alliance-kiosk: switched to the questionnaire pulled from the server (version "
                          << update.questionnaire->version << ")\n";
            } catch (const std::exception& e) {
                std::cerr << "alliance-kiosk: kept the questionnaire in use; the pulled one is refused: " << e.what()
                          << '\n';
            }
        }
    }
    if (!config_.fleet.organization.empty()) {
        const auto file = fleet::therapists_file(config_);
        if (auto text = fleet::read_file_text(file); text && *text != therapists_text_) {
            therapists_text_ = std::move(*text);
            try {
                update.therapists = fleet::parse_therapists(therapists_text_, file.string());
                std::cerr << "alliance-kiosk: switched to the therapist list pulled from the server ("
                          << update.therapists->size() << ")\n";
            } catch (const std::exception& e) {
                std::cerr << "alliance-kiosk: kept the therapist list in use; the pulled one is refused: " << e.what()
                          << '\n';
            }
        }
    }
    return update;
}

}  // namespace alliance
