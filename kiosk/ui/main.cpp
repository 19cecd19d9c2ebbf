// alliance-kiosk: wires the command line, the config, the core's KioskApp and the SFML window.
// Everything it does is decided elsewhere (core/app/kiosk_app.h); see kiosk/README.md, "Patient UI".
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>

#include "core/app/kiosk_app.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/config/data_dir_owner.h"
#include "core/content/content_check.h"
#include "core/content/paths.h"
#include "core/staff/set_pin.h"
#ifdef ALLIANCE_KIOSK_BENCH
#include "ui/bench_drivers.h"
#endif
#include "ui/cli.h"
#include "ui/frame_output.h"
#include "ui/kiosk_window.h"
#include "ui/theme.h"

namespace {

alliance::ui::Theme load_theme_or_builtin(const alliance::Config& config) {
    try {
        return alliance::ui::load_theme(alliance::content_dir(config) / "theme.toml");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "alliance-kiosk: %s; using the built-in theme\n", e.what());
        return alliance::ui::builtin_theme();
    }
}

// --check-content [DIR]: what the kiosk would load, every problem printed; no window, no store.
int check_content_and_exit(const alliance::ui::CommandLine& cl) {
    using namespace alliance;
    Config config;
    try {
        config = load_config_or_demo(cl.config);
        if (!cl.data_dir.empty()) apply_data_dir_override(config, cl.data_dir);  // where pulled photos are
    } catch (const std::exception& e) {
        std::fprintf(stderr, "alliance-kiosk: %s\n", e.what());
        return 2;
    }
    if (!cl.check_content_dir.empty()) config.kiosk.content_dir = std::filesystem::absolute(cl.check_content_dir);
    ContentReport report = check_content(config);
    if (!report.dir.empty()) {
        try {
            ui::load_theme(report.dir / "theme.toml");
        } catch (const std::exception& e) {
            report.problems.push_back(std::string(e.what()) + " (the kiosk would use its built-in theme)");
        }
    }
    std::fflush(stdout);
    return print_content_report(report, std::cout);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace alliance;
    // Whatever the caller's umask: the UI tree, screenshots, the store and its marks hold what
    // patients answered or what is on their screen, so every file the kiosk makes is owner-only.
    ::umask(077);
    ui::trace_phase("main");
    ui::CommandLine cl;
    if (auto code = ui::parse_command_line(argc, argv, cl)) return *code;

    if (cl.check_content) return check_content_and_exit(cl);
    Config config;
    try {
        config = load_config_or_demo(cl.config);
        if (!cl.data_dir.empty()) apply_data_dir_override(config, cl.data_dir);
        work_as_data_dir_owner(config, "alliance-kiosk", std::cerr);  // run as root: as the kiosk user
    } catch (const std::exception& e) {                               // a ConfigError, or root could not switch users
        std::fprintf(stderr, "alliance-kiosk: %s\n", e.what());
        return 2;
    }
    if (config.source_file.empty())
        std::fprintf(stderr,
                     "alliance-kiosk: no --config and no %s: running with the demo configuration "
                     "(store in %s, sync off)\n",
                     default_config_file().c_str(), config.storage.dir.c_str());
    if (cl.set_pin || cl.set_it_pin) return run_set_pin_from_stdin(config, cl.set_it_pin);

    ui::trace_phase("config");
    const ui::Theme theme = load_theme_or_builtin(config);
    ui::KioskWindowOptions options;
    options.windowed = cl.windowed;
    options.output = {cl.ui_tree, cl.screenshot_dir, ui::trace_frames_requested()};

    SystemClock system_clock;
    const Clock* chosen_clock = &system_clock;
#ifdef ALLIANCE_KIOSK_BENCH
    // alliance-kiosk-bench only (never installed): the benchmark's autopilot, the tests' fault driver.
    const ui::BenchDriver bench = ui::bench_driver_from_environment();
    if (bench.clock) chosen_clock = bench.clock.get();
    options.driver = bench.driver.get();
#endif
    const Clock& clock = *chosen_clock;
    try {
        auto app = std::async(std::launch::async, [&config, &clock]() -> std::unique_ptr<Controller> {
            return make_kiosk_app(config, clock);
        });
        return ui::run_kiosk_window(std::move(app), clock, config, theme, options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "alliance-kiosk: %s\n", e.what());
        return 1;
    }
}
