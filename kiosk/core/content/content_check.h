#pragma once
// The kiosk's content as it loads at start-up (strings, questionnaire), and the check clinic IT
// runs before deploying a change (`alliance-kiosk --check-content [DIR]`, content/README.md): the
// same loading, every problem listed instead of stopping at the first, and no window.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/base/strings.h"
#include "core/config/config.h"
#include "core/questionnaire/questionnaire.h"

namespace alliance {

// strings/<lang>.json (laid over by [kiosk] override_dir/strings: its warnings go to `warnings`),
// with a file for every language in [kiosk] languages. Throws naming the
// file and key (or the config key).
Strings load_kiosk_strings(const Config& config, std::vector<std::string>& warnings);
// questionnaires/<[kiosk] questionnaire>.json, strictly (QuestionnaireError). Adds to `warnings`
// what the loader ignored or filled in and the texts without a translation into a configured
// language (shown in the base language).
Questionnaire load_kiosk_questionnaire(const Config& config, std::vector<std::string>& warnings);

struct ContentReport {
    std::filesystem::path dir;          // the content directory checked (empty when none was found)
    std::vector<std::string> problems;  // each names the file, the field and what is expected
    std::vector<std::string> warnings;  // loads, but IT should know
};

// Everything the kiosk would load from the content directory of `config`: strings, the
// questionnaire, each configured therapist's photo. The theme is the UI's and is added by the
// caller (ui/main.cpp), which knows how to read it.
ContentReport check_content(const Config& config);

// Prints the report, one line a problem or warning, then a summary; returns the exit code of
// --check-content: 0 when there is no problem, 3 when there is.
int print_content_report(const ContentReport& report, std::ostream& out);

}  // namespace alliance
