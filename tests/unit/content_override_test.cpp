// A clinic's own questionnaire and strings in [kiosk] override_dir (default
// /etc/alliance-kiosk/content), which package upgrades never touch: what they replace, the
// packaged text for what they lack, and the warning naming it.
#include <doctest/doctest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/content/paths.h"
#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

const fs::path packaged = fs::path(ALLIANCE_SOURCE_DIR) / "content";

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

Config config_with_override(const fs::path& override_dir) {
    Config c;
    c.kiosk.content_dir = packaged;
    c.kiosk.override_dir = override_dir;
    return c;
}

}  // namespace

TEST_CASE("the default override directory is /etc/alliance-kiosk/content, and an empty one means none") {
    CHECK(Config{}.kiosk.override_dir == "/etc/alliance-kiosk/content");
    CHECK(parse_config("[kiosk]\noverride_dir = \"\"\n", "kiosk.toml").kiosk.override_dir.empty());
    CHECK(parse_config("[kiosk]\noverride_dir = \"/srv/clinic\"\n", "kiosk.toml").kiosk.override_dir == "/srv/clinic");
}

TEST_CASE(
    "an override strings file replaces its keys; the packaged text stays for keys it lacks, with a warning naming "
    "them") {
    TempDir tmp;
    write(tmp.path() / "strings" / "es.json",
          R"({"welcome.title": "Bienvenido a {clinic}, su opinión cuenta", "old.key": "ya no se usa"})");
    std::vector<std::string> warnings;
    const Strings s =
        load_strings(config_with_override(tmp.path()), [&](const std::string& w) { warnings.push_back(w); });
    const Strings shipped = Strings::load(packaged / "strings");
    CHECK(s.get("es", "welcome.title") == "Bienvenido a {clinic}, su opinión cuenta");
    CHECK(s.get("es", "staff.menu.title") == shipped.get("es", "staff.menu.title"));  // the packaged text
    CHECK(s.get("en", "welcome.title") == shipped.get("en", "welcome.title"));        // other languages untouched
    REQUIRE(warnings.size() == 2);
    const std::string file = (tmp.path() / "strings" / "es.json").string();
    CHECK(warnings[0].find(file + ": lacks ") == 0);
    CHECK(warnings[0].find("they show the packaged text: ") != std::string::npos);
    CHECK(warnings[0].find("staff.menu.title") != std::string::npos);
    CHECK(warnings[0].find("welcome.title") == std::string::npos);  // it has that one
    CHECK(warnings[1] == file + ": 1 key(s) this version does not use (renamed or removed?): old.key");
}

TEST_CASE("a complete override strings file gives no warning; a missing override directory is no error") {
    TempDir tmp;
    fs::create_directories(tmp.path() / "strings");
    fs::copy_file(packaged / "strings" / "en.json", tmp.path() / "strings" / "en.json");
    std::vector<std::string> warnings;
    load_strings(config_with_override(tmp.path()), [&](const std::string& w) { warnings.push_back(w); });
    CHECK(warnings.empty());
    const Strings s =
        load_strings(config_with_override(tmp.path() / "absent"), [&](const std::string& w) { warnings.push_back(w); });
    CHECK(warnings.empty());
    CHECK(s.get("en", "staff.menu.title") == "Staff menu");
}

TEST_CASE("a broken override strings file is refused naming the file and the key") {
    TempDir tmp;
    write(tmp.path() / "strings" / "es.json", R"({"welcome.title": 7})");
    CHECK_THROWS_WITH(load_strings(config_with_override(tmp.path()), [](const std::string&) {}),
                      doctest::Contains("es.json: \"welcome.title\": expected a string"));
}

TEST_CASE(
    "a questionnaire in the override directory replaces the packaged one of that name; without it the packaged one is "
    "used") {
    TempDir tmp;
    Config c = config_with_override(tmp.path());
    CHECK(questionnaire_file(c) == packaged / "questionnaires" / "alliance-check.json");
    write(tmp.path() / "questionnaires" / "alliance-check.json", "{}");
    CHECK(questionnaire_file(c) == tmp.path() / "questionnaires" / "alliance-check.json");
    c.kiosk.override_dir.clear();
    CHECK(questionnaire_file(c) == packaged / "questionnaires" / "alliance-check.json");
}

TEST_CASE("the kiosk shows the clinic's own welcome text and questionnaire and logs what its strings lack") {
    std::ostringstream log;
    auto* old = std::cerr.rdbuf(log.rdbuf());
    Kiosk k([](Config& c, const fs::path& dir) {
        c.kiosk.override_dir = dir / "clinic";
        write(dir / "clinic" / "strings" / "en.json", R"({"welcome.title": "Hello from {clinic}"})");
        std::ifstream in(packaged / "questionnaires" / "alliance-check.json");
        auto q = nlohmann::json::parse(in);
        q["version"] = "9.9.9-clinic";
        write(dir / "clinic" / "questionnaires" / "alliance-check.json", q.dump());
    });
    std::cerr.rdbuf(old);
    CHECK(k.screen() == "welcome");
    CHECK(k.view().heading == "Hello from Riverside Physio");
    CHECK(log.str().find("alliance-kiosk: content override: ") != std::string::npos);
    CHECK(log.str().find("en.json: lacks ") != std::string::npos);
    CHECK(k.widget("start")->label == Strings::load(packaged / "strings").get("en", "welcome.tap_to_begin"));
    k.complete_questionnaire();
    const auto queued = k.queued();
    REQUIRE(queued.size() == 1);
    CHECK(queued[0].response.questionnaire_version == "9.9.9-clinic");
}
