// The UI tree file (kiosk/README.md, "The UI tree"): its fields, in its order, and its atomic rewrite.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/base/owner_only_file.h"
#include "ui/ui_tree.h"

using namespace alliance;
using namespace alliance::ui;

namespace {
std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("the UI tree has the screen, language, item, progress and each widget as kiosk/README.md shows") {
    View v;
    v.screen = Screen::question;
    v.language = "es";
    v.item = "goal-agree";
    v.progress_current = 3;
    v.progress_total = 9;
    ScreenLayout l;
    PlacedWidget w;
    w.widget = {"answer:goal-agree:4", "choice", "A menudo", Region::answers, true, false};
    w.box = {96.4f, 420.0f, 200.0f, 119.6f};
    w.text_px = 34;
    l.widgets.push_back(w);
    const std::string text = ui_tree_json(v, l);
    CHECK(text == R"({"screen":"question","language":"es","item":"goal-agree","progress":[3,9],)"
                  R"("widgets":[{"id":"answer:goal-agree:4","role":"choice","label":"A menudo","x":96,"y":420,)"
                  R"("w":200,"h":120,"enabled":true,"selected":false,"text_px":34}],)"
                  R"("heading":"","body":""})"
                  "\n");
}

TEST_CASE("the UI tree carries the texts on screen, the countdown and the error code, never typed input") {
    View v;
    v.screen = Screen::out_of_service;
    v.heading = "Sorry, this kiosk is not working right now";
    v.body = "Error code E-CONTENT";
    v.error_code = "E-CONTENT";
    v.countdown = 7;
    v.input_text = "my private comment";
    const auto j = nlohmann::json::parse(ui_tree_json(v, ScreenLayout{}));
    CHECK(j["heading"] == "Sorry, this kiosk is not working right now");
    CHECK(j["body"] == "Error code E-CONTENT");
    CHECK(j["error_code"] == "E-CONTENT");
    CHECK(j["countdown"] == 7);
    CHECK(ui_tree_json(v, ScreenLayout{}).find("my private comment") == std::string::npos);
}

TEST_CASE("Spanish labels stay readable UTF-8 in the tree") {
    View v;
    ScreenLayout l;
    PlacedWidget w;
    w.widget = {"language:es", "button", "Español", Region::accessibility, true, true};
    l.widgets.push_back(w);
    const auto j = nlohmann::json::parse(ui_tree_json(v, l));
    CHECK(j["widgets"][0]["label"] == "Español");
    CHECK(j["screen"] == "welcome");
    CHECK(j["progress"] == nlohmann::json::array({0, 0}));
}

TEST_CASE("rewriting the tree replaces the file whole and leaves no temporary file behind") {
    const auto dir = std::filesystem::temp_directory_path() / ("alliance-tree-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "tree.json";
    write_owner_only_file(file, "first\n", Durability::replaced_only);
    write_owner_only_file(file, "second\n", Durability::replaced_only);
    CHECK(read(file) == "second\n");
    CHECK_FALSE(std::filesystem::exists(dir / "tree.json.tmp"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a tree file that cannot be written is reported with its name") {
    CHECK_THROWS_WITH_AS(write_owner_only_file("/nonexistent-dir/tree.json", "x", Durability::replaced_only),
                         doctest::Contains("/nonexistent-dir/tree.json"), std::runtime_error);
}
