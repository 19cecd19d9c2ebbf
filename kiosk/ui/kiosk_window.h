#pragma once
// The window and its event loop: draws the controller's View when its revision changes, turns
// input into controller calls, and sleeps until the next input or the next deadline.
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <SFML/System/Vector2.hpp>

#include "core/api/controller.h"
#include "core/base/clock.h"
#include "core/config/config.h"
#include "ui/frame_output.h"
#include "ui/layout.h"
#include "ui/theme.h"

namespace alliance::ui {

// Drives the window instead of a person: the benchmark's autopilot and the tests' fault driver
// (ui/bench_drivers.h). Only alliance-kiosk-bench has one; the installed alliance-kiosk never does.
class FrameDriver {
public:
    virtual ~FrameDriver() = default;
    // After each frame. `tap` presses and releases a widget of `layout` as a finger would.
    // Returns an exit code to end the program, nullopt to go on.
    virtual std::optional<int> after_frame(const Controller& controller, const ScreenLayout& layout,
                                           const std::function<void(const std::string&)>& tap) = 0;
    // false: the driver moves time itself, so the loop must not sleep until input.
    virtual bool waits_for_input() const { return true; }
};

struct KioskWindowOptions {
    std::optional<sf::Vector2u> windowed;  // nullopt: full screen
    FrameOutputOptions output;
    std::filesystem::path font_file;  // empty: DejaVu Sans
    FrameDriver* driver = nullptr;
};

// Runs until the staff menu's "exit" (controller.exit_requested()). Returns the exit code.
// An exception while a frame is handled, drawn or written puts the kiosk out of service
// (controller.fail, E-INTERNAL) and the loop goes on: never a crash and a restart loop.
// `controller` is still being made (content, store) while the window opens: the two together
// are most of the start-up time.
int run_kiosk_window(std::future<std::unique_ptr<Controller>> controller, const Clock& clock, const Config& config,
                     const Theme& theme, const KioskWindowOptions& options);

}  // namespace alliance::ui
