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

// The loop's state between frames and the steps of one frame.
class WindowLoop {
public:
    WindowLoop(sf::RenderWindow& window, EventWait& wait, Controller& controller, const Clock& clock,
               const Theme& theme, const sf::Font& font, const TextMeasure& measure, const LayoutInput& in,
               const KioskWindowOptions& o)
        : window_(window),
          wait_(wait),
          controller_(controller),
          clock_(clock),
          theme_(theme),
          font_(font),
          measure_(measure),
          in_(in),
          o_(o),
          output_(o.output),
          spoken_(controller.view().speak_requests) {}

    int run() {
        int failures_in_a_row = 0;
        while (!controller_.exit_requested()) {
            try {
                if (auto code = frame()) return *code;
                failures_in_a_row = 0;
            } catch (const std::exception& e) {
                failed(controller_, clock_, e.what(), failures_in_a_row, wait_);
                shown_.drawn = false;
            } catch (...) {
                failed(controller_, clock_, "an unknown exception", failures_in_a_row, wait_);
                shown_.drawn = false;
            }
        }
        return 0;
    }

private:
    void handle(const Command& c) {
        if (c.kind == Command::Kind::resized) {
            in_.width = static_cast<unsigned>(c.x);
            in_.height = static_cast<unsigned>(c.y);
            window_.setView(sf::View(sf::FloatRect(0, 0, c.x, c.y)));
            shown_.drawn = false;
        } else if (c.kind == Command::Kind::redraw) {
            shown_.drawn = false;
        } else if (c.kind != Command::Kind::none) {
            const SteadyTime now = clock_.steady_now();
            if (c.kind == Command::Kind::pointer_up) input_at_ = now;
            pointer_.apply(c, shown_.layout, controller_, now, shown_.screen_key);
        }
    }

    // Presses and releases a widget as a finger would (for a FrameDriver).
    void tap(const std::string& id) {
        for (const auto& w : shown_.layout.widgets) {
            if (w.widget.id != id) continue;
            const float x = w.box.x + w.box.w / 2, y = w.box.y + w.box.h / 2;
            handle({Command::Kind::pointer_down, x, y});
            handle({Command::Kind::pointer_up, x, y});
            return;
        }
    }

    void draw(const View& view) {
        shown_.layout = lay_out(view, in_, theme_, measure_);
        trace_phase("layout");
        if (!shown_.layout.fits)
            std::fprintf(stderr, "alliance-kiosk: the %s screen does not fit %ux%u at the minimum sizes\n",
                         std::string(screen_name(view.screen)).c_str(), in_.width, in_.height);
        shown_.screen_key = screen_key(view);
        draw_screen(window_, view, shown_.layout, theme_, font_);
        trace_phase("draw");
        output_.capture(window_, view);
        window_.display();
        trace_phase("displayed");
        output_.shown(view, shown_.layout, input_at_);
        input_at_.reset();
        shown_.revision = view.revision;
        shown_.drawn = true;
    }

    // One pass: input, timers, drawing, output; an exit code from the driver ends the program.
    std::optional<int> frame() {
        sf::Event event;
        while (window_.pollEvent(event)) handle(map_input(event));
        if (auto due = controller_.next_deadline(); due && clock_.steady_now() >= *due)
            controller_.tick(clock_.steady_now());

        const View& view = controller_.view();
        if (!shown_.drawn || view.revision != shown_.revision) draw(view);
        if (view.speak_requests != spoken_) {
            spoken_ = view.speak_requests;
            if (!view.speech.empty()) speaker_.say(view.speech, view.language);
        }
        if (o_.driver) {
            if (auto code =
                    o_.driver->after_frame(controller_, shown_.layout, [this](const std::string& id) { tap(id); }))
                return code;
            if (!o_.driver->waits_for_input()) return std::nullopt;
        }
        wait_.until(controller_.next_deadline());
        return std::nullopt;
    }

    sf::RenderWindow& window_;
    EventWait& wait_;
    Controller& controller_;
    const Clock& clock_;
    const Theme& theme_;
    const sf::Font& font_;
    const TextMeasure& measure_;
    LayoutInput in_;
    const KioskWindowOptions& o_;
    FrameOutput output_;
    PointerTracker pointer_;
    Speaker speaker_;
    Shown shown_;
    std::uint64_t spoken_;
    std::optional<SteadyTime> input_at_;
};

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
    trace_phase("core");
    const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
    LayoutInput in;
    in.width = window.getSize().x;
    in.height = window.getSize().y;
    in.px_per_mm = pixels_per_mm(config.kiosk, desktop.width, desktop.height);
    in.staff_corner = corner_from_name(config.staff.corner);
    return WindowLoop(window, wait, *owned, clock, theme, font, measure, in, o).run();
}

}  // namespace alliance::ui
