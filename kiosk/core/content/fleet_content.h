#pragma once
// Content pulled from the clinic's FHIR server ([fleet], kiosk/README.md "Fleet"), as it lies in the
// data directory. alliance-sync writes these files (each whole, atomically); the kiosk reads them.
// This file is the one owner of their names and formats and of the check that decides whether
// pulled content is fit to show patients.
//
//   <data dir>/fleet/questionnaire.json   the FHIR Questionnaire as the server sent it
//   <data dir>/fleet/therapists.json      {"therapists":[{"id":..,"name":..,"reference":"Practitioner/.."}, ...]}
//   <data dir>/fleet/status.json          the last pull: when, what, and what was wrong
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/questionnaire/questionnaire.h"

namespace alliance::fleet {

std::filesystem::path fleet_dir(const Config& config);
std::filesystem::path questionnaire_file(const Config& config);
std::filesystem::path therapists_file(const Config& config);
std::filesystem::path status_file(const Config& config);

// Parses `json_text` with the kiosk's own loader and refuses a questionnaire that lacks a
// translation for any language in [kiosk] languages (patients would meet a half-translated
// form). Throws QuestionnaireError naming `file_name` and what is wrong.
Questionnaire check_questionnaire(const std::string& json_text, const std::string& file_name, const Config& config);

// `photo_hashes`: therapist id -> a hash of the pulled photo, so that a new photo changes the file
// (and the kiosk takes it at its next welcome screen).
std::string therapists_json(const std::vector<Therapist>& therapists,
                            const std::map<std::string, std::string>& photo_hashes = {});
// Throws std::runtime_error naming `file_name` and the field.
std::vector<Therapist> parse_therapists(const std::string& json_text, const std::string& file_name);

// What the last pull found. Times are RFC 3339 (UTC); empty when it never happened.
struct PullStatus {
    std::string last_attempt_at;
    std::string last_success_at;        // the server answered and everything it held was usable
    std::string problem;                // empty: none; else why the last good content was kept
    std::string questionnaire_version;  // of the content in use ("" when not pulled)
    int therapists = -1;                // how many pulled; -1 when not pulled
};
std::string status_json(const PullStatus& status);
// A missing or unreadable file gives nullopt.
std::optional<PullStatus> read_status(const Config& config);
// One line for `alliance-sync status` and the staff status screen, e.g.
// "questionnaire 3, 4 therapists, checked 2026-11-30T10:00:00Z" or "kept the last good content: ...".
std::string describe(const std::optional<PullStatus>& status);

// Reads a whole small file; nullopt if it does not exist or cannot be read.
std::optional<std::string> read_file_text(const std::filesystem::path& file);

}  // namespace alliance::fleet
