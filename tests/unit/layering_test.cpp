// The core's subsystems and their order, as kiosk/core/CMakeLists.txt declares them (the one place
// the order lives): a subsystem includes only itself and those it is declared to use, each of which
// is declared before it; sync never compiles the UI's contract (kiosk/core/api) nor what uses it;
// and only the store (kiosk/core/store) touches its tables: everyone else goes through Store.
#include <doctest/doctest.h>
#include "read_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = ALLIANCE_SOURCE_DIR;
const fs::path core_dir = source_dir / "kiosk" / "core";

struct Subsystem {
    std::string name;
    std::vector<std::string> uses;
};

// alliance_core_subsystem(<name> USES <a> <b> ... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...]), in order.
std::vector<Subsystem> declared_subsystems() {
    const std::string cmake = read_text(core_dir / "CMakeLists.txt");
    const std::regex call(R"(\nalliance_core_subsystem\((\w+)([^)]*)\))");
    std::vector<Subsystem> out;
    for (std::sregex_iterator m(cmake.begin(), cmake.end(), call), end; m != end; ++m) {
        Subsystem s{(*m)[1], {}};
        std::istringstream words((*m)[2].str());
        bool in_uses = false;
        for (std::string w; words >> w;) {
            if (w == "USES")
                in_uses = true;
            else if (w == "PUBLIC_LIBS" || w == "PRIVATE_LIBS")
                in_uses = false;
            else if (in_uses)
                s.uses.push_back(w);
        }
        out.push_back(s);
    }
    return out;
}

// The core subsystems a file includes: "core/<subsystem>/..." (build_info.h is generated into base).
std::set<std::string> included_subsystems(const fs::path& file) {
    const std::string text = read_text(file);
    const std::regex include(R"(#include\s+"core/(\w+)/)");
    std::set<std::string> out;
    for (std::sregex_iterator m(text.begin(), text.end(), include), end; m != end; ++m) out.insert((*m)[1]);
    return out;
}

std::vector<fs::path> sources_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".cpp" || ext == ".h")) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("the core's subsystems are declared in dependency order, each using only those before it") {
    const auto subsystems = declared_subsystems();
    REQUIRE(subsystems.size() >= 5);  // the parse finds them at all
    std::set<std::string> before;
    for (const auto& s : subsystems) {
        CAPTURE(s.name);
        CHECK(fs::is_directory(core_dir / s.name));
        for (const auto& used : s.uses) {
            CAPTURE(used);
            CHECK_MESSAGE(before.contains(used), s.name << " uses " << used << ", which is not declared before it");
        }
        before.insert(s.name);
    }
    for (const auto& entry : fs::directory_iterator(core_dir)) {
        if (!entry.is_directory()) continue;
        CAPTURE(entry.path());
        CHECK_MESSAGE(before.contains(entry.path().filename().string()),
                      "a folder of kiosk/core that is no subsystem of kiosk/core/CMakeLists.txt");
    }
}

TEST_CASE("no file of a core subsystem includes a subsystem above it") {
    const auto subsystems = declared_subsystems();
    REQUIRE(!subsystems.empty());
    int files = 0;
    for (const auto& s : subsystems) {
        std::set<std::string> allowed(s.uses.begin(), s.uses.end());
        allowed.insert(s.name);
        for (const auto& file : sources_under(core_dir / s.name)) {
            ++files;
            for (const auto& included : included_subsystems(file)) {
                CAPTURE(file);
                CHECK_MESSAGE(allowed.contains(included), file.lexically_relative(source_dir).string()
                                                              << " includes core/" << included << "/, which " << s.name
                                                              << " may not use (kiosk/core/CMakeLists.txt)");
            }
        }
    }
    CHECK(files > 40);                                                         // the scan reads the sources at all
    CHECK(sources_under(core_dir).size() == static_cast<std::size_t>(files));  // no file outside a subsystem
}

TEST_CASE("sync never compiles the UI's contract: it includes nothing from the api, session, staff or app") {
    int files = 0;
    for (const auto& file : sources_under(source_dir / "sync")) {
        ++files;
        CAPTURE(file);
        for (const char* above : {"api", "session", "staff", "app"}) CHECK(!included_subsystems(file).contains(above));
    }
    CHECK(files > 10);
}

TEST_CASE("no code outside kiosk/core/store runs SQL on the store's tables") {
    // The tables as the schema creates them; the check finds them at all.
    const std::string schema = read_text(core_dir / "store" / "store_schema.cpp");
    const std::regex create(R"(CREATE TABLE (\w+))");
    std::set<std::string> tables;
    for (std::sregex_iterator m(schema.begin(), schema.end(), create), end; m != end; ++m) tables.insert((*m)[1]);
    REQUIRE(tables.contains("outbox"));
    REQUIRE(tables.contains("sessions"));
    std::string names;
    for (const auto& t : tables) names += (names.empty() ? "" : "|") + t;
    const std::regex sql(R"(\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+()" + names + R"()\b)");
    int files = 0;
    for (const char* dir : {"kiosk", "sync"}) {
        for (const auto& file : sources_under(source_dir / dir)) {
            if (file.lexically_relative(core_dir / "store").native().rfind("..", 0) != 0) continue;  // the store's own
            ++files;
            const std::string text = read_text(file);
            std::smatch m;
            CHECK_MESSAGE(!std::regex_search(text, m, sql), file.lexically_relative(source_dir).string()
                                                                << " runs SQL on the store's table: " << m.str());
        }
    }
    CHECK(files > 50);
}
