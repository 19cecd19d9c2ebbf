// alliance-kiosk's command line.
#include <doctest/doctest.h>

#include <vector>

#include "ui/cli.h"

using namespace alliance::ui;

namespace {
std::optional<int> parse(std::vector<std::string> args, CommandLine& out) {
    args.insert(args.begin(), "alliance-kiosk");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return parse_command_line(static_cast<int>(argv.size()), argv.data(), out);
}
}  // namespace

TEST_CASE("a window size is WxH in pixels") {
    CHECK(parse_window_size("1280x800") == sf::Vector2u(1280, 800));
    CHECK(parse_window_size("800X1280") == sf::Vector2u(800, 1280));
    CHECK_FALSE(parse_window_size("1280"));
    CHECK_FALSE(parse_window_size("1280x800x24"));
    CHECK_FALSE(parse_window_size("10x10"));
    CHECK_FALSE(parse_window_size("wide"));
}

TEST_CASE("the kiosk runs full screen unless --windowed is given") {
    CommandLine cl;
    CHECK_FALSE(parse({}, cl));
    CHECK_FALSE(cl.windowed);
    CHECK(cl.config.empty());
}

TEST_CASE("every documented flag is understood") {
    CommandLine cl;
    CHECK_FALSE(parse({"--config", "/etc/k.toml", "--data-dir", "/tmp/d", "--windowed", "800x1280", "--ui-tree",
                       "/tmp/t.json", "--screenshot-dir", "/tmp/s"},
                      cl));
    CHECK(cl.config == "/etc/k.toml");
    CHECK(cl.data_dir == "/tmp/d");
    CHECK(cl.windowed == sf::Vector2u(800, 1280));
    CHECK(cl.ui_tree == "/tmp/t.json");
    CHECK(cl.screenshot_dir == "/tmp/s");
    CHECK_FALSE(cl.set_pin);
    CHECK_FALSE(parse({"--set-pin"}, cl));
    CHECK(cl.set_pin);
}

TEST_CASE("a bad window size or an unknown flag stops the program with an error status") {
    CommandLine cl;
    const auto bad_size = parse({"--windowed", "big"}, cl);
    REQUIRE(bad_size);
    CHECK(*bad_size != 0);
    const auto unknown = parse({"--fullscreen"}, cl);
    REQUIRE(unknown);
    CHECK(*unknown != 0);
}

TEST_CASE("--version and --help stop the program successfully") {
    CommandLine cl;
    CHECK(parse({"--version"}, cl) == 0);
    CHECK(parse({"--help"}, cl) == 0);
}
