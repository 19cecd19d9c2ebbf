#pragma once
// alliance-kiosk's command line (kiosk/README.md, "Patient UI").
#include <filesystem>
#include <optional>
#include <string>

#include <SFML/System/Vector2.hpp>

namespace alliance::ui {

struct CommandLine {
    std::filesystem::path config;          // empty: the default file if present, else the demo
    std::filesystem::path data_dir;        // empty: [storage] dir
    std::optional<sf::Vector2u> windowed;  // --windowed WxH
    std::filesystem::path ui_tree;
    std::filesystem::path screenshot_dir;
    bool set_pin = false;
    bool set_it_pin = false;
    bool check_content = false;               // --check-content [DIR]: check the content and exit
    std::filesystem::path check_content_dir;  // its DIR; empty: the configured content
};

// "1280x800" -> {1280, 800}; nullopt for anything else (sizes 200..10000).
std::optional<sf::Vector2u> parse_window_size(const std::string& text);

// Parses argv. Returns an exit code when the program should stop now (--help, --version, a bad
// flag: the message is already printed), else nullopt with `out` filled.
std::optional<int> parse_command_line(int argc, char** argv, CommandLine& out);

}  // namespace alliance::ui
