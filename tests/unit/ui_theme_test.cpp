// The shipped theme: every text colour readable on its background (WCAG 4.5:1, 7:1 in high
// contrast), the minimum sizes the product promises, and clear errors for a bad theme file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "ui/theme.h"

using namespace alliance::ui;

namespace {
const std::filesystem::path shipped = std::filesystem::path(ALLIANCE_SOURCE_DIR) / "content/theme.toml";

std::string error_of(const std::string& toml) {
    const auto file = std::filesystem::temp_directory_path() / ("alliance-theme-" + std::to_string(getpid()) + ".toml");
    std::ofstream(file) << toml;
    try {
        load_theme(file);
    } catch (const std::exception& e) {
        std::filesystem::remove(file);
        return e.what();
    }
    std::filesystem::remove(file);
    return "";
}

std::string shipped_text() {
    std::ifstream in(shipped);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("contrast ratios follow WCAG: black on white is 21:1, a colour on itself 1:1") {
    CHECK(contrast_ratio(sf::Color::Black, sf::Color::White) == doctest::Approx(21.0));
    CHECK(contrast_ratio(sf::Color(0x77, 0x77, 0x77), sf::Color::White) == doctest::Approx(4.48).epsilon(0.01));
    CHECK(contrast_ratio(sf::Color::Red, sf::Color::Red) == doctest::Approx(1.0));
}

TEST_CASE("every text colour of the normal theme has at least 4.5:1 contrast") {
    const Theme t = load_theme(shipped);
    for (const auto& pair : text_pairs(t.normal)) {
        INFO(pair.name, ": ", contrast_ratio(pair.foreground, pair.background));
        CHECK(contrast_ratio(pair.foreground, pair.background) >= 4.5);
    }
}

TEST_CASE("every text colour of the high-contrast theme has at least 7:1 contrast") {
    const Theme t = load_theme(shipped);
    for (const auto& pair : text_pairs(t.high_contrast)) {
        INFO(pair.name, ": ", contrast_ratio(pair.foreground, pair.background));
        CHECK(contrast_ratio(pair.foreground, pair.background) >= 7.0);
    }
}

TEST_CASE("the shipped sizes keep targets at 9 mm and question text at 4.8 mm cap height or more") {
    const Theme t = load_theme(shipped);
    CHECK(t.sizes.min_target_mm >= 9.0f);
    CHECK(t.sizes.min_question_cap_mm >= 4.8f);
    CHECK(t.sizes.large_text_factor > 1.0f);
    CHECK(!t.keyboard_landscape.empty());
    CHECK(!t.keyboard_portrait.empty());
}

TEST_CASE("a theme that allows targets below 9 mm is refused, naming the file and the key") {
    std::string text = shipped_text();
    text.replace(text.find("min_target_mm = 9.0"), 19, "min_target_mm = 7.0");
    const std::string e = error_of(text);
    CHECK(e.find("alliance-theme-") != std::string::npos);
    CHECK(e.find("sizes.min_target_mm") != std::string::npos);
    CHECK(e.find("at least 9") != std::string::npos);
}

TEST_CASE("a colour that is not #RRGGBB is refused, naming the colour's key") {
    std::string text = shipped_text();
    text.replace(text.find("background = \"#000000\""), 22, "background = \"black\"");
    const std::string e = error_of(text);
    CHECK(e.find("colors.high_contrast.background") != std::string::npos);
    CHECK(e.find("#RRGGBB") != std::string::npos);
}

TEST_CASE("a missing file or broken TOML is refused with the file's name") {
    CHECK(error_of("[sizes\n").find("not valid TOML") != std::string::npos);
    CHECK_THROWS_WITH_AS(load_theme("/nonexistent/theme.toml"), doctest::Contains("/nonexistent/theme.toml"),
                         std::runtime_error);
}
