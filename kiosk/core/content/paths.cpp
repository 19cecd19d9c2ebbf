#include "core/content/paths.h"

#include <algorithm>
#include <cstdlib>

#include "core/base/build_info.h"
#include "core/base/strings.h"

namespace alliance {
namespace {

namespace fs = std::filesystem;

bool has_questionnaires(const fs::path& dir) {
    std::error_code error;
    return fs::is_directory(dir / "questionnaires", error);
}

std::string config_name(const Config& config) {
    return config.source_file.empty() ? std::string("demo config") : config.source_file.string();
}

// `file` re-rooted under `new_dir` if it lies inside `old_dir`, else `file` unchanged.
fs::path moved_with(const fs::path& file, const fs::path& old_dir, const fs::path& new_dir) {
    if (file.empty()) return file;
    const fs::path inside = file.lexically_normal().lexically_relative(old_dir.lexically_normal());
    if (inside.empty() || *inside.begin() == "..") return file;
    return new_dir / inside;
}

}  // namespace

fs::path content_dir(const Config& config, const std::optional<fs::path>& env, const std::vector<fs::path>& built_in) {
    // An explicit choice that is wrong is an error, not a reason to quietly use other content.
    if (!config.kiosk.content_dir.empty()) {
        if (has_questionnaires(config.kiosk.content_dir)) return config.kiosk.content_dir;
        throw ConfigError(config_name(config) +
                          ": [kiosk] content_dir: expected a directory holding "
                          "questionnaires/, got \"" +
                          config.kiosk.content_dir.string() + "\"");
    }
    if (env) {
        if (has_questionnaires(*env)) return *env;
        throw ConfigError("ALLIANCE_CONTENT_DIR: expected a directory holding questionnaires/, got \"" + env->string() +
                          "\"");
    }
    std::string tried;
    for (const fs::path& dir : built_in) {
        if (has_questionnaires(dir)) return dir;
        tried += (tried.empty() ? "" : ", ") + dir.string();
    }
    throw ConfigError("no content found: none of " + tried +
                      " holds questionnaires/ (set [kiosk] content_dir or ALLIANCE_CONTENT_DIR)");
}

fs::path content_dir(const Config& config) {
    std::optional<fs::path> env;
    if (const char* value = std::getenv("ALLIANCE_CONTENT_DIR"); value != nullptr && value[0] != '\0') {
        env = value;
    }
    // An installed program must use the installed content even where the source tree still
    // exists (a developer's machine, CI); only a program run from the build tree prefers the
    // source tree's content.
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    const fs::path inside_build = exe.lexically_relative(build::binary_dir);
    const bool from_build_tree = !error && !inside_build.empty() && *inside_build.begin() != "..";
    if (from_build_tree) {
        return content_dir(config, env, {build::source_content_dir, build::installed_content_dir});
    }
    return content_dir(config, env, {build::installed_content_dir, build::source_content_dir});
}

fs::path questionnaire_file(const Config& config) {
    const fs::path name = config.kiosk.questionnaire + ".json";
    if (!config.kiosk.override_dir.empty()) {
        std::error_code error;
        const fs::path own = config.kiosk.override_dir / "questionnaires" / name;
        if (fs::is_regular_file(own, error)) return own;
    }
    return content_dir(config) / "questionnaires" / name;
}

fs::path strings_dir(const Config& config) { return content_dir(config) / "strings"; }

Strings load_strings(const Config& config, const std::function<void(const std::string&)>& warn) {
    Strings strings = Strings::load(strings_dir(config));
    if (config.kiosk.override_dir.empty()) return strings;
    const fs::path own = config.kiosk.override_dir / "strings";
    std::error_code error;
    if (!fs::is_directory(own, error)) return strings;
    for (const std::string& line : strings.lay_over(own)) warn(line);
    return strings;
}

fs::path default_config_file() { return "/etc/alliance-kiosk/kiosk.toml"; }

Config load_config_or_demo(const fs::path& file) {
    if (!file.empty()) return load_config(file);
    std::error_code error;
    if (fs::exists(default_config_file(), error)) return load_config(default_config_file());
    return demo_config();
}

void apply_data_dir_override(Config& config, const fs::path& dir) {
    fs::path new_dir = fs::absolute(dir).lexically_normal();
    if (new_dir.filename().empty()) new_dir = new_dir.parent_path();  // "/x/" -> "/x"
    const fs::path old_dir = config.storage.dir;
    config.staff.pin_hash_file = moved_with(config.staff.pin_hash_file, old_dir, new_dir);
    config.staff.it_pin_hash_file = moved_with(config.staff.it_pin_hash_file, old_dir, new_dir);
    config.storage.dir = new_dir;
}

void check_languages(const Config& config, const Strings& strings) {
    const std::vector<std::string> available = strings.languages();
    for (const std::string& code : config.kiosk.languages) {
        if (std::find(available.begin(), available.end(), code) != available.end()) continue;
        std::string listed;
        for (const auto& a : available) listed += (listed.empty() ? "" : ", ") + a;
        throw ConfigError(config_name(config) + ": [kiosk] languages: expected languages that have UI strings (" +
                          listed + "), got \"" + code + "\" (no strings/" + code + ".json)");
    }
}

}  // namespace alliance
