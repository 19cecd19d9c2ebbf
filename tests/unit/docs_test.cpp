// What the installed docs promise about error codes and about who runs which command, checked
// against the sources: every code a patient or staff member can see has its cause and fix in
// packaging/README.md and alliance-kiosk(1) in the words of core/base/error_codes.cpp, and no example
// anywhere runs the programs another way than the one the guide gives (from a root shell).
#include <doctest/doctest.h>
#include "read_text.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/base/error_codes.h"
#include "core/store/store.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = ALLIANCE_SOURCE_DIR;

std::string without(std::string text, const std::string& what) {
    for (std::size_t at; (at = text.find(what)) != std::string::npos;) text.erase(at, what.size());
    return text;
}

// The man page as the reader sees its words: roff's "\-" is "-", lines run on.
std::string man_words(const fs::path& file) {
    std::string text = read_text(file);
    text = std::regex_replace(text, std::regex(R"(\\-)"), "-");
    text = std::regex_replace(text, std::regex(R"(\n\.[A-Z]+ ?)"), "\n");
    return std::regex_replace(text, std::regex(R"(\s+)"), " ");
}

// Every "E-..." string literal in the kiosk's and sync's sources and the content, except the list.
std::set<std::string> codes_in_sources() {
    std::set<std::string> codes;
    const std::regex literal(R"re("(E-[A-Z][A-Z-]*[A-Z])")re");
    for (const char* dir : {"kiosk", "sync", "content"}) {
        for (const auto& entry : fs::recursive_directory_iterator(source_dir / dir)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h" && ext != ".json")) continue;
            if (entry.path().filename() == "error_codes.cpp") continue;
            const std::string text = read_text(entry.path());
            for (std::sregex_iterator m(text.begin(), text.end(), literal), end; m != end; ++m) codes.insert((*m)[1]);
        }
    }
    return codes;
}

std::set<std::string> listed_codes() {
    std::set<std::string> codes;
    for (const auto& c : error_codes()) codes.insert(std::string(c.code));
    return codes;
}

}  // namespace

TEST_CASE("every error code in the sources has a cause and a fix in the list, and the list has no other") {
    const std::set<std::string> used = codes_in_sources();
    CHECK(used.contains("E-STORE-READONLY"));  // the scan finds them at all
    CHECK(used == listed_codes());
    for (const auto kind :
         {StoreErrorKind::disk_full, StoreErrorKind::io_error, StoreErrorKind::busy, StoreErrorKind::read_only,
          StoreErrorKind::corrupt, StoreErrorKind::newer_schema, StoreErrorKind::cannot_open, StoreErrorKind::misuse}) {
        const std::string code = StoreError(kind, "").code();
        CAPTURE(code);
        CHECK(what_to_do(code).rfind("what to do: ", 0) == 0);
    }
    for (const auto& c : error_codes()) {
        CAPTURE(c.code);
        CHECK(!c.cause.empty());
        CHECK(!c.fix.empty());
    }
}

TEST_CASE("the IT guide's table gives every code with the same cause and fix as the log") {
    const std::string guide = read_text(source_dir / "packaging" / "README.md");
    for (const auto& c : error_codes()) {
        CAPTURE(c.code);
        const std::string start = "| `" + std::string(c.code) + "` |";
        const auto at = guide.find(start);
        REQUIRE(at != std::string::npos);
        const std::string row = without(guide.substr(at, guide.find('\n', at) - at), "`");
        CHECK(row == without(start, "`") + " " + std::string(c.cause) + " | " + std::string(c.fix) + " |");
    }
}

TEST_CASE("alliance-kiosk(1) lists every code with its cause and fix") {
    const std::string man = man_words(source_dir / "packaging" / "man" / "alliance-kiosk.1");
    for (const auto& c : error_codes()) {
        CAPTURE(c.code);
        CHECK(man.find(std::string(c.code) + " " + std::string(c.cause) + ". What to do: " + std::string(c.fix) +
                       ".") != std::string::npos);
    }
}

TEST_CASE("no README or man page example runs the programs through runuser or sudo -u: they are run as root") {
    // The guide's one voice: type the commands in a root shell; the programs switch to the kiosk
    // user themselves. Files IT writes by hand (the token) are still written as the kiosk user.
    const std::regex other_voice(R"((runuser[^\n]*--|sudo\s+-u\s+\S+)\s+alliance-(kiosk|sync)\b)");
    std::vector<fs::path> docs = {source_dir / "README.md", source_dir / "packaging" / "kiosk.toml"};
    for (const char* dir : {"kiosk", "sync", "packaging", "content", "tests"})
        docs.push_back(source_dir / dir / "README.md");
    for (const auto& entry : fs::directory_iterator(source_dir / "packaging" / "man")) docs.push_back(entry.path());
    for (const auto& doc : docs) {
        CAPTURE(doc);
        const std::string text = doc.extension() == ".1" ? man_words(doc) : read_text(doc);
        std::smatch m;
        CHECK_MESSAGE(!std::regex_search(text, m, other_voice), "found: " << m.str());
    }
}
