#include "ui/kiosk_window.h"

#include <chrono>
#include <cstdio>

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderWindow.hpp>

#include "ui/event_wait.h"
#include "ui/font_measure.h"
#include "ui/input.h"
#include "ui/layout.h"
#include "ui/layout_check.h"
#include "ui/renderer.h"
#include "ui/screen_size.h"
#include "ui/speaker.h"

namespace alliance::ui {
namespace {

void open_window(sf::RenderWindow& window, const KioskWindowOptions& o) {
    sf::ContextSettings gl;
    gl.antialiasingLevel = 0;
    if (o.windowed) {
        window.create(sf::VideoMode(o.windowed->x, o.windowed->y), "Alliance Kiosk", sf::Style::Titlebar, gl);
        // SFML centres a window on what XRandR calls the desktop, which under Xvfb is not the
        // screen: pin it to the top-left corner so that screen and window pixels agree.
        window.setPosition({0, 0});
    } else
        window.create(sf::VideoMode::getDesktopMode(), "Alliance Kiosk", sf::Style::Fullscreen, gl);
    window.setVerticalSyncEnabled(false);
    window.setKeyRepeatEnabled(false);
    // A touchscreen kiosk shows no mouse pointer; a window on a desk does.
    window.setMouseCursorVisible(o.windowed.has_value());
}

// The per-screen state the loop keeps between frames.
struct Shown {
    ScreenLayout layout;
    std::uint64_t revision = 0;
    bool drawn = false;
    std::string screen_key;  // screen + item: a press on one question must not tap the next
};

std::string screen_key(const View& v) { return std::string(screen_name(v.screen)) + "/" + v.item; }

// A frame failed: out of service (the controller logs the detail). Should the out-of-service
// screen itself keep failing, try again once a second rather than spin.
void failed(Controller& controller, const Clock& clock, const char* what, int& failures_in_a_row, EventWait& wait) {
    controller.fail("E-INTERNAL", what, clock.steady_now());
    if (++failures_in_a_row > 1) wait.until(clock.steady_now() + std::chrono::seconds(1));
}

}  // namespace

int run_kiosk_window(std::future<std::unique_ptr<Controller>> made, const Clock& clock, const Config& config,
                     const Theme& theme, const KioskWindowOptions& o) {
    sf::Font font;
    const std::filesystem::path& font_file = o.font_file.empty() ? config.kiosk.font_file : o.font_file;
    load_font(font, font_file);
    const TextMeasure measure = measure_with(font_file);
    trace_phase("font");
    sf::RenderWindow window;
    open_window(window, o);
    EventWait wait(window);
    trace_phase("window");
    const std::unique_ptr<Controller> owned = made.get();
    Controller& controller = *owned;
    trace_phase("core");
    const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
    LayoutInput in;
    in.width = window.getSize().x;
    in.height = window.getSize().y;
    in.px_per_mm = pixels_per_mm(config.kiosk, desktop.width, desktop.height);
    in.staff_corner = corner_from_name(config.staff.corner);

    FrameOutput output(o.output);
    PointerTracker pointer;
    Speaker speaker;
    Shown shown;
    std::uint64_t spoken = controller.view().speak_requests;
    std::optional<SteadyTime> input_at;

    auto handle = [&](const Command& c) {
        if (c.kind == Command::Kind::resized) {
            in.width = static_cast<unsigned>(c.x);
            in.height = static_cast<unsigned>(c.y);
            window.setView(sf::View(sf::FloatRect(0, 0, c.x, c.y)));
            shown.drawn = false;
        } else if (c.kind == Command::Kind::redraw) {
            shown.drawn = false;
        } else if (c.kind != Command::Kind::none) {
            const SteadyTime now = clock.steady_now();
            if (c.kind == Command::Kind::pointer_up) input_at = now;
            pointer.apply(c, shown.layout, controller, now, shown.screen_key);
        }
    };
    auto tap = [&](const std::string& id) {
        for (const auto& w : shown.layout.widgets) {
            if (w.widget.id != id) continue;
            const float x = w.box.x + w.box.w / 2, y = w.box.y + w.box.h / 2;
            handle({Command::Kind::pointer_down, x, y});
            handle({Command::Kind::pointer_up, x, y});
            return;
        }
    };

    // One pass: input, timers, drawing, output; an exit code from the driver ends the program.
    auto frame = [&]() -> std::optional<int> {
        sf::Event event;
        while (window.pollEvent(event)) handle(map_input(event));
        if (auto due = controller.next_deadline(); due && clock.steady_now() >= *due)
            controller.tick(clock.steady_now());

        const View& view = controller.view();
        if (!shown.drawn || view.revision != shown.revision) {
            shown.layout = lay_out(view, in, theme, measure);
            trace_phase("layout");
            if (!shown.layout.fits)
                std::fprintf(stderr, "alliance-kiosk: the %s screen does not fit %ux%u at the minimum sizes\n",
                             std::string(screen_name(view.screen)).c_str(), in.width, in.height);
            shown.screen_key = screen_key(view);
            draw_screen(window, view, shown.layout, theme, font);
            trace_phase("draw");
            output.capture(window, view);
            window.display();
            trace_phase("displayed");
            output.shown(view, shown.layout, input_at);
            input_at.reset();
            shown.revision = view.revision;
            shown.drawn = true;
        }
        if (view.speak_requests != spoken) {
            spoken = view.speak_requests;
            if (!view.speech.empty()) speaker.say(view.speech, view.language);
        }
        if (o.driver) {
            if (auto code = o.driver->after_frame(controller, shown.layout, tap)) return code;
            if (!o.driver->waits_for_input()) return std::nullopt;
        }
        wait.until(controller.next_deadline());
        return std::nullopt;
    };

    int failures_in_a_row = 0;
    while (!controller.exit_requested()) {
        try {
            if (auto code = frame()) return *code;
            failures_in_a_row = 0;
        } catch (const std::exception& e) {
            failed(controller, clock, e.what(), failures_in_a_row, wait);
            shown.drawn = false;
        } catch (...) {
            failed(controller, clock, "an unknown exception", failures_in_a_row, wait);
            shown.drawn = false;
        }
    }
    return 0;
}

}  // namespace alliance::ui
