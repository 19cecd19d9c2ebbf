#include "ui/frame_output.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <time.h>

#include <SFML/Graphics/Texture.hpp>

#include "core/base/owner_only_file.h"
#include "ui/ui_tree.h"

namespace alliance::ui {

bool trace_frames_requested() {
    const char* v = std::getenv("ALLIANCE_TRACE_FRAMES");
    return v && *v && std::string(v) != "0";
}

std::int64_t monotonic_ns(SteadyTime t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

void trace_phase(const char* name) {
    static const bool on = trace_frames_requested();
    if (!on) return;
    // CPU time of the whole process (every thread, Mesa's among them): unlike the wall clock,
    // it does not grow when other programs want the same cores.
    timespec cpu{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    std::fprintf(stderr, "alliance-kiosk trace: phase=%s mono_ns=%lld cpu_ns=%lld\n", name,
                 static_cast<long long>(monotonic_ns(std::chrono::steady_clock::now())),
                 static_cast<long long>(cpu.tv_sec) * 1000000000LL + cpu.tv_nsec);
}

FrameOutput::FrameOutput(FrameOutputOptions options) : o_(std::move(options)) {
    if (o_.screenshot_dir.empty()) return;
    // Screenshots are for tests and support: a folder that cannot be made turns them off, it
    // never keeps the kiosk from starting (under systemd that would be a restart loop).
    std::error_code ec;
    std::filesystem::create_directories(o_.screenshot_dir, ec);
    if (ec) {
        std::fprintf(stderr, "alliance-kiosk: --screenshot-dir %s: cannot create it (%s); no screenshots\n",
                     o_.screenshot_dir.c_str(), ec.message().c_str());
        o_.screenshot_dir.clear();
    }
}

void FrameOutput::capture(sf::RenderWindow& window, const View& view) {
    if (o_.screenshot_dir.empty()) return;
    sf::Texture texture;
    if (!texture.create(window.getSize().x, window.getSize().y)) return;
    texture.update(window);
    char name[64];
    std::snprintf(name, sizeof name, "%04llu-", static_cast<unsigned long long>(++shots_));
    std::string file = name + std::string(screen_name(view.screen));
    if (!view.item.empty()) file += "-" + view.item;
    const auto path = o_.screenshot_dir / (file + ".png");
    if (!texture.copyToImage().saveToFile(path.string()))
        std::fprintf(stderr, "alliance-kiosk: cannot write the screenshot %s\n", path.c_str());
}

void FrameOutput::shown(const View& view, const ScreenLayout& layout, std::optional<SteadyTime> input_at) {
    ++frames_;
    if (!o_.ui_tree.empty()) {
        try {
            write_owner_only_file(o_.ui_tree, ui_tree_json(view, layout), Durability::replaced_only);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "alliance-kiosk: %s\n", e.what());
        }
    }
    if (o_.trace) {
        std::fprintf(stderr, "alliance-kiosk trace: frame=%llu screen=%s mono_ns=%lld input_ns=%lld\n",
                     static_cast<unsigned long long>(frames_), std::string(screen_name(view.screen)).c_str(),
                     static_cast<long long>(monotonic_ns(std::chrono::steady_clock::now())),
                     static_cast<long long>(input_at ? monotonic_ns(*input_at) : 0));
        std::fflush(stderr);
    }
}

}  // namespace alliance::ui
