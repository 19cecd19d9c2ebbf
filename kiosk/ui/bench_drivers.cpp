#include "ui/bench_drivers.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "ui/autopilot.h"

namespace alliance::ui {
namespace {

class ThrowOnScreen final : public FrameDriver {
public:
    explicit ThrowOnScreen(std::string screen) : screen_(std::move(screen)) {}
    std::optional<int> after_frame(const Controller& controller, const ScreenLayout&,
                                   const std::function<void(const std::string&)>&) override {
        if (!thrown_ && screen_name(controller.view().screen) == screen_) {
            thrown_ = true;
            throw std::runtime_error("injected by ALLIANCE_TEST_THROW_ON_SCREEN on the " + screen_ + " screen");
        }
        return std::nullopt;
    }

private:
    std::string screen_;
    bool thrown_ = false;
};

}  // namespace

BenchDriver bench_driver_from_environment() {
    BenchDriver out;
    if (const char* n = std::getenv("ALLIANCE_AUTOPILOT_SESSIONS"); n && std::atoi(n) > 0) {
        auto clock = std::make_unique<SkippingClock>();
        out.driver = std::make_unique<Autopilot>(*clock, std::atoi(n));
        out.clock = std::move(clock);
    } else if (const char* screen = std::getenv("ALLIANCE_TEST_THROW_ON_SCREEN"); screen && *screen) {
        out.driver = std::make_unique<ThrowOnScreen>(screen);
    }
    return out;
}

}  // namespace alliance::ui
