#pragma once
// What happens after a frame is drawn: the UI tree (--ui-tree), a screenshot (--screenshot-dir)
// and, with ALLIANCE_TRACE_FRAMES=1 in the environment, one timing line on stderr per frame for
// the benchmark. Nothing a patient typed or chose is ever traced: screen names and times only.
// None of it ever stops the kiosk: a file that cannot be written is reported on stderr.
#include <cstdint>
#include <filesystem>
#include <optional>

#include <SFML/Graphics/RenderWindow.hpp>

#include "core/api/controller.h"
#include "core/api/view.h"
#include "ui/layout.h"

namespace alliance::ui {

struct FrameOutputOptions {
    std::filesystem::path ui_tree;         // empty: none
    std::filesystem::path screenshot_dir;  // empty: none
    bool trace = false;
};

class FrameOutput {
public:
    explicit FrameOutput(FrameOutputOptions options);
    // Before display(): the back buffer still holds the frame.
    void capture(sf::RenderWindow& window, const View& view);
    // After display().
    void shown(const View& view, const ScreenLayout& layout, std::optional<SteadyTime> input_at);

private:
    FrameOutputOptions o_;
    std::uint64_t frames_ = 0;
    std::uint64_t shots_ = 0;
};

// "ALLIANCE_TRACE_FRAMES" set to anything but "" or "0".
bool trace_frames_requested();
// With tracing on: "alliance-kiosk trace: phase=<name> mono_ns=<now>" (start-up profile).
void trace_phase(const char* name);
// Steady-clock time as nanoseconds (CLOCK_MONOTONIC on Linux, what python's time.monotonic uses).
std::int64_t monotonic_ns(SteadyTime t);

}  // namespace alliance::ui
