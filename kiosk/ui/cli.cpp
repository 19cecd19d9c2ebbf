#include "ui/cli.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "core/base/build_info.h"

namespace alliance::ui {

std::optional<sf::Vector2u> parse_window_size(const std::string& text) {
    unsigned w = 0, h = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) return std::nullopt;
    if (w < 200 || h < 200 || w > 10000 || h > 10000) return std::nullopt;
    return sf::Vector2u(w, h);
}

std::optional<int> parse_command_line(int argc, char** argv, CommandLine& out) {
    CLI::App app{"alliance-kiosk: the patient feedback kiosk (full screen; exit from the staff menu)"};
    std::string config, data_dir, windowed, ui_tree, screenshots, check_content_dir;
    app.add_option("--config", config,
                   "Config file (default /etc/alliance-kiosk/kiosk.toml; demo defaults when absent)")
        ->type_name("FILE");
    app.add_option("--data-dir", data_dir, "Store directory, instead of [storage] dir")->type_name("DIR");
    app.add_option("--windowed", windowed, "Run in a window of WxH pixels instead of full screen, e.g. 1280x800")
        ->type_name("WxH")
        ->check([](const std::string& v) {
            return parse_window_size(v) ? std::string() : "expected WxH in pixels, e.g. 1280x800";
        });
    app.add_option("--ui-tree", ui_tree, "Keep FILE updated with the UI tree (JSON) of the screen shown")
        ->type_name("FILE");
    app.add_option("--screenshot-dir", screenshots, "Write a PNG of every new screen into DIR")->type_name("DIR");
    app.add_flag("--set-pin", out.set_pin, "Set the staff PIN ([staff] pin_hash_file) and exit");
    app.add_flag("--set-it-pin", out.set_it_pin, "Set the IT PIN ([staff] it_pin_hash_file) and exit");
    auto* check = app.add_option("--check-content", check_content_dir,
                                 "Load the content (questionnaire, strings, theme, photos) as the kiosk would, print "
                                 "every problem and exit: 0 fine, 3 problems. DIR: a content directory to check "
                                 "instead of the configured one")
                      ->type_name("[DIR]")
                      ->expected(0, 1);
    app.set_version_flag("--version", std::string("alliance-kiosk ") + build::version);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    out.config = config;
    out.data_dir = data_dir;
    if (!windowed.empty()) out.windowed = parse_window_size(windowed);
    out.ui_tree = ui_tree;
    out.screenshot_dir = screenshots;
    out.check_content = check->count() > 0;
    out.check_content_dir = check_content_dir;
    return std::nullopt;
}

}  // namespace alliance::ui
