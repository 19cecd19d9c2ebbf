#pragma once
// Where the kiosk finds its content and config, and the --data-dir override.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"

namespace alliance {

class Strings;

// The content directory (questionnaires/, strings/, ...), the first of:
//   1. [kiosk] content_dir, if set (then it must be valid: no falling back past IT's choice);
//   2. the environment variable ALLIANCE_CONTENT_DIR, if set (same);
//   3. the source tree's content/ (running from a build tree), if it exists;
//   4. the installed content (/usr/share/alliance-kiosk).
// A directory counts only if it has a questionnaires/ folder. Throws ConfigError naming every
// place tried.
std::filesystem::path content_dir(const Config& config);
// The same with the built-in places given, for tests: `env` is ALLIANCE_CONTENT_DIR's value.
std::filesystem::path content_dir(const Config& config, const std::optional<std::filesystem::path>& env,
                                  const std::vector<std::filesystem::path>& built_in);

// [kiosk] override_dir/questionnaires/<[kiosk] questionnaire>.json when that file exists (the
// clinic's own, kept across upgrades), else content_dir/questionnaires/<name>.json.
std::filesystem::path questionnaire_file(const Config& config);
// content_dir/strings (the packaged strings)
std::filesystem::path strings_dir(const Config& config);
// The packaged strings with [kiosk] override_dir/strings/<lang>.json laid over them: the
// clinic's text for each key its file has, the packaged text for the rest. `warn` gets one line
// per override file that lacks packaged keys (naming the file and each key, which then show the
// packaged text) or has keys this version does not use. Throws like Strings::load.
Strings load_strings(const Config& config, const std::function<void(const std::string&)>& warn);

// /etc/alliance-kiosk/kiosk.toml
std::filesystem::path default_config_file();
// `file` if given; else the default config file if it exists; else demo_config().
Config load_config_or_demo(const std::filesystem::path& file);

// --data-dir DIR: the store moves to DIR (made absolute). Secret files that lived inside the old
// data directory (the demo's staff.pin) move with it, keeping their names; files elsewhere
// (/etc/alliance-kiosk/staff.pin) stay where they are.
void apply_data_dir_override(Config& config, const std::filesystem::path& dir);

// Throws ConfigError if a language in [kiosk] languages has no strings file.
void check_languages(const Config& config, const Strings& strings);

}  // namespace alliance
