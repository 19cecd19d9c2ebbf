// The shipped packaging/kiosk.toml can be edited by uncommenting without traps, and a key that
// lands in the wrong table (TOML gives a key to the nearest [table] line above it) is refused
// with a message naming the key, the table it landed in and the one it belongs in.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config_refusal.h"
#include "core/config/config.h"

using namespace alliance;
using alliance::test::refusal;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> shipped_lines() {
    std::ifstream in(fs::path(ALLIANCE_SOURCE_DIR) / "packaging" / "kiosk.toml");
    REQUIRE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

// "# key = value" and "# [table]" / "# [[table]]": an example to use where it stands.
const std::regex example(R"(# ((\[\[?[a-z.]+\]\]?)|([a-z_]+ = .*)))");
// "#   key = value": an alternative to the key of that name.
const std::regex alternative(R"(#   ([a-z_]+) = .*)");
// An active "key = value" line.
const std::regex active_key(R"(([a-z_]+) = .*)");

}  // namespace

TEST_CASE("uncommenting every example line of the shipped kiosk.toml at once gives a config that loads") {
    std::vector<std::string> lines = shipped_lines();
    int uncommented = 0;
    for (auto& line : lines) {
        if (std::regex_match(line, example)) {
            line = line.substr(2);
            ++uncommented;
        }
    }
    CHECK(uncommented > 20);
    const Config c = parse_config(joined(lines), "kiosk.toml");
    // Each example landed where it belongs: the keys after the therapists' examples are still
    // the kiosk's, and the therapists have only their own keys.
    REQUIRE(c.kiosk.therapists.size() == 2);
    CHECK(c.kiosk.therapists[1].id == "maria");
    CHECK(c.kiosk.content_dir == "/usr/share/alliance-kiosk");
    CHECK(c.kiosk.font_file == "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    CHECK(c.staff.it_pin_hash_file == "/etc/alliance-kiosk/it.pin");
    CHECK(c.sync.max_backoff_seconds == 900);
    CHECK(c.sync.client_key == "/etc/alliance-kiosk/client.key");
}

TEST_CASE("each block of alternatives in the shipped kiosk.toml, used in place of the keys it names, loads") {
    const std::vector<std::string> shipped = shipped_lines();
    int blocks = 0;
    for (std::size_t start = 0; start < shipped.size(); ++start) {
        if (!std::regex_match(shipped[start], alternative) ||
            (start > 0 && std::regex_match(shipped[start - 1], alternative)))
            continue;
        // The block: consecutive alternative lines, uncommented in place.
        std::vector<std::string> lines = shipped;
        std::set<std::string> keys;
        std::size_t end = start;
        for (std::smatch m; end < lines.size() && std::regex_match(shipped[end], m, alternative); ++end) {
            keys.insert(m[1]);
            lines[end] = shipped[end].substr(4);
        }
        // "In place of the key of the same name": the active lines it replaces go.
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::smatch m;
            if ((i < start || i >= end) && std::regex_match(shipped[i], m, active_key) && keys.contains(m[1]))
                lines[i] = "";
        }
        ++blocks;
        CAPTURE(shipped[start]);
        CHECK_NOTHROW(parse_config(joined(lines), "kiosk.toml"));
    }
    CHECK(blocks == 8);  // with the SMART Backend Services block
}

TEST_CASE("a kiosk key written after the therapists is refused, naming the therapist table and [kiosk]") {
    // The trap of the first shipped kiosk.toml: content_dir below the uncommented therapists.
    const std::string message = refusal(
        "[kiosk]\n"
        "[[kiosk.therapists]]\nid = \"alex\"\nname = \"Alex Rivera\"\n"
        "[[kiosk.therapists]]\nid = \"maria\"\nname = \"María López\"\n"
        "content_dir = \"/usr/share/alliance-kiosk\"\n");
    CHECK(message ==
          "kiosk.toml: [kiosk.therapists #2] content_dir: expected only the keys of a therapist, got a key that "
          "belongs in [kiosk] (line 8): every key after a [[kiosk.therapists]] line belongs to that therapist, up to "
          "the next [section] line; move content_dir above the first [[kiosk.therapists]] line");
}

TEST_CASE("a key below the wrong section line is refused, naming the section it landed in and its own") {
    CHECK(refusal("[sync]\nkind = \"off\"\nretention_days = 30\n") ==
          "kiosk.toml: [sync] retention_days: expected a key of [sync], got a key that belongs in [storage] "
          "(line 3): a key belongs to the nearest [section] line above it; move it below the [storage] line");
    // A therapist's key in [kiosk] (a [[kiosk.therapists]] line left commented out).
    CHECK(
        refusal("[kiosk]\nname = \"Alex Rivera\"\n")
            .find("[kiosk] name: expected a key of [kiosk], got a key that belongs in [[kiosk.therapists]] (line 2)") !=
        std::string::npos);
}

TEST_CASE("a misplaced key is reported before what its own table then lacks") {
    // token_file under [storage] leaves [sync] without the token file bearer needs; the message
    // is about where token_file went, the actual mistake.
    const std::string message = refusal(
        "[sync]\nkind = \"fhir\"\nurl = \"https://fhir.example.org/r4\"\nauth = \"bearer\"\n"
        "[storage]\ntoken_file = \"/etc/alliance-kiosk/sync.token\"\n");
    CHECK(message.find("[storage] token_file: expected a key of [storage], got a key that belongs in [sync]") !=
          std::string::npos);
}

TEST_CASE("an unknown key is still refused with a spelling suggestion, not a home") {
    CHECK(refusal("[storage]\nretention_dayz = 30\n").find("did you mean retention_days?") != std::string::npos);
}
