#pragma once
// The window and its event loop: draws the controller's View when its revision changes, turns
// input into controller calls, and sleeps until the next input or the next deadline.
#include <filesystem>
#include <future>
#include <memory>
#include <optional>

#include <SFML/System/Vector2.hpp>

#include "core/clock.h"
#include "core/config.h"
#include "core/controller.h"
#include "ui/frame_output.h"
#include "ui/theme.h"

namespace alliance::ui {

class SkippingClock;

struct KioskWindowOptions {
    std::optional<sf::Vector2u> windowed;  // nullopt: full screen
    FrameOutputOptions output;
    std::filesystem::path font_file;       // empty: DejaVu Sans
    SkippingClock* autopilot_clock = nullptr;
    int autopilot_sessions = 0;            // > 0: the benchmark's simulated patients (autopilot.h)
};

// Runs until the staff menu's "exit" (controller.exit_requested()). Returns the exit code.
// `controller` is still being made (content, store) while the window opens: the two together
// are most of the start-up time.
int run_kiosk_window(std::future<std::unique_ptr<Controller>> controller, const Clock& clock,
                     const Config& config, const Theme& theme, const KioskWindowOptions& options);

}  // namespace alliance::ui
