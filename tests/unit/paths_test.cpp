// Where content and config are found, and what --data-dir moves.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../store/store_fixture.h"
#include "core/base/strings.h"
#include "core/content/paths.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

// This process's own temporary directory (removed at exit): cases run as separate processes at once.
const fs::path& scratch() {
    static const test::TempDir dir;
    return dir.path();
}

// A directory that counts as content (it has questionnaires/).
fs::path make_content(const std::string& name) {
    const fs::path dir = scratch() / name;
    fs::remove_all(dir);
    fs::create_directories(dir / "questionnaires");
    return dir;
}

std::string error_of(const Config& config, const std::optional<fs::path>& env, const std::vector<fs::path>& built_in) {
    try {
        content_dir(config, env, built_in);
    } catch (const ConfigError& error) {
        return error.what();
    }
    FAIL("a content directory was found");
    return "";
}

}  // namespace

TEST_CASE("content comes from the config first, then ALLIANCE_CONTENT_DIR, then the built-in places in order") {
    const fs::path configured = make_content("configured");
    const fs::path env = make_content("env");
    const fs::path built = make_content("built");
    Config config;
    CHECK(content_dir(config, std::nullopt, {"/nonexistent", built}) == built);
    CHECK(content_dir(config, env, {built}) == env);
    config.kiosk.content_dir = configured;
    CHECK(content_dir(config, env, {built}) == configured);
}

TEST_CASE("a configured content dir without questionnaires is an error, not a reason to use other content") {
    Config config;
    config.source_file = "/etc/alliance-kiosk/kiosk.toml";
    config.kiosk.content_dir = "/nonexistent/content";
    CHECK(error_of(config, std::nullopt, {make_content("fallback")}) ==
          "/etc/alliance-kiosk/kiosk.toml: [kiosk] content_dir: expected a directory holding questionnaires/, "
          "got \"/nonexistent/content\"");
    CHECK(error_of(Config{}, fs::path("/nonexistent/env"), {make_content("fallback")}) ==
          "ALLIANCE_CONTENT_DIR: expected a directory holding questionnaires/, got \"/nonexistent/env\"");
}

TEST_CASE("when no content is found the error names every place tried") {
    CHECK(error_of(Config{}, std::nullopt, {"/nonexistent/a", "/nonexistent/b"}) ==
          "no content found: none of /nonexistent/a, /nonexistent/b holds questionnaires/ "
          "(set [kiosk] content_dir or ALLIANCE_CONTENT_DIR)");
}

TEST_CASE("the questionnaire file is named after [kiosk] questionnaire inside the content dir") {
    Config config;
    config.kiosk.content_dir = make_content("questionnaire");
    config.kiosk.questionnaire = "clinic-own";
    CHECK(questionnaire_file(config) == config.kiosk.content_dir / "questionnaires" / "clinic-own.json");
    CHECK(strings_dir(config) == config.kiosk.content_dir / "strings");
}

TEST_CASE("run from the build tree, the source tree's content with the shipped questionnaire is found") {
    unsetenv("ALLIANCE_CONTENT_DIR");
    CHECK(content_dir(Config{}) == fs::path(ALLIANCE_SOURCE_DIR) / "content");
}

TEST_CASE("the default config file is /etc/alliance-kiosk/kiosk.toml and an explicit file is loaded instead") {
    CHECK(default_config_file() == "/etc/alliance-kiosk/kiosk.toml");
    const fs::path file = scratch() / "explicit.toml";
    std::ofstream(file) << "[kiosk]\nid = \"explicit\"\n";
    CHECK(load_config_or_demo(file).kiosk.id == "explicit");
    if (!fs::exists(default_config_file())) CHECK(load_config_or_demo({}).source_file.empty());
}

TEST_CASE("--data-dir moves the store and the secrets kept inside it, not those kept elsewhere") {
    Config demo;
    demo.storage.dir = "/home/pat/.local/share/alliance-kiosk-demo";
    demo.staff.pin_hash_file = "/home/pat/.local/share/alliance-kiosk-demo/staff.pin";
    demo.staff.it_pin_hash_file = "/etc/alliance-kiosk/it.pin";
    apply_data_dir_override(demo, "/tmp/kiosk-data/");
    CHECK(demo.storage.dir == "/tmp/kiosk-data");
    CHECK(demo.staff.pin_hash_file == "/tmp/kiosk-data/staff.pin");
    CHECK(demo.staff.it_pin_hash_file == "/etc/alliance-kiosk/it.pin");

    Config installed;  // the PIN in /etc stays where IT put it
    apply_data_dir_override(installed, "relative-dir");
    CHECK(installed.storage.dir == fs::current_path() / "relative-dir");
    CHECK(installed.staff.pin_hash_file == "/etc/alliance-kiosk/staff.pin");
}

TEST_CASE("a configured language without UI strings is refused, naming it") {
    const Strings strings = Strings::load(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings");
    Config config;
    config.source_file = "kiosk.toml";
    CHECK_NOTHROW(check_languages(config, strings));
    config.kiosk.languages = {"en", "fr"};
    CHECK_THROWS_WITH_AS(check_languages(config, strings),
                         "kiosk.toml: [kiosk] languages: expected languages that have UI strings (en, es), "
                         "got \"fr\" (no strings/fr.json)",
                         ConfigError);
}
