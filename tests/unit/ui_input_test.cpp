// The command layer: which raw SFML events mean anything to the kiosk, and how pointer presses
// and releases become the controller's touched / press / release / tap calls.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ui/input.h"

using namespace alliance;
using namespace alliance::ui;

namespace {

// Records every call, as "tap:start", "press:staff", ...
class RecordingController final : public Controller {
public:
    const View& view() const override { return view_; }
    void tap(std::string_view id, SteadyTime) override { calls.push_back("tap:" + std::string(id)); }
    void press(std::string_view id, SteadyTime) override { calls.push_back("press:" + std::string(id)); }
    void release(std::string_view id, SteadyTime) override { calls.push_back("release:" + std::string(id)); }
    void touched(SteadyTime) override { calls.push_back("touched"); }
    void tick(SteadyTime) override {}
    std::optional<SteadyTime> next_deadline() const override { return std::nullopt; }
    bool exit_requested() const override { return false; }
    void fail(std::string_view, std::string_view, SteadyTime) override {}
    std::vector<std::string> calls;

private:
    View view_;
};

ScreenLayout two_buttons() {
    ScreenLayout l;
    PlacedWidget start;
    start.widget = {"start", "button", "Start", Region::answers, true, false};
    start.box = {100, 100, 200, 100};
    PlacedWidget staff;
    staff.widget = {"staff", "hotspot", "", Region::hidden, true, false};
    staff.box = {1200, 0, 80, 80};
    PlacedWidget off;
    off.widget = {"next", "button", "Next", Region::navigation, false, false};
    off.box = {900, 600, 200, 100};
    l.widgets = {start, staff, off};
    return l;
}

sf::Event mouse(sf::Event::EventType type, int x, int y, sf::Mouse::Button b = sf::Mouse::Left) {
    sf::Event e;
    e.type = type;
    e.mouseButton = {b, x, y};
    return e;
}

sf::Event touch(sf::Event::EventType type, unsigned finger, int x, int y) {
    sf::Event e;
    e.type = type;
    e.touch = {finger, x, y};
    return e;
}

sf::Event key(sf::Keyboard::Key code, bool alt = false) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, alt, false, false, false};
    return e;
}

using Calls = std::vector<std::string>;
const SteadyTime t0{};

}  // namespace

TEST_CASE("the left mouse button and the first finger are pointer presses and releases") {
    CHECK(map_input(mouse(sf::Event::MouseButtonPressed, 5, 6)).kind == Command::Kind::pointer_down);
    CHECK(map_input(mouse(sf::Event::MouseButtonReleased, 5, 6)).kind == Command::Kind::pointer_up);
    CHECK(map_input(touch(sf::Event::TouchBegan, 0, 5, 6)).kind == Command::Kind::pointer_down);
    CHECK(map_input(touch(sf::Event::TouchEnded, 0, 5, 6)).kind == Command::Kind::pointer_up);
    const Command c = map_input(mouse(sf::Event::MouseButtonPressed, 5, 6));
    CHECK(c.x == 5);
    CHECK(c.y == 6);
}

TEST_CASE("other buttons and a second finger do nothing") {
    CHECK(map_input(mouse(sf::Event::MouseButtonPressed, 5, 6, sf::Mouse::Right)).kind == Command::Kind::none);
    CHECK(map_input(touch(sf::Event::TouchBegan, 1, 5, 6)).kind == Command::Kind::none);
}

TEST_CASE("a patient cannot close the kiosk: close requests, Alt+F4 and Escape mean nothing") {
    sf::Event closed;
    closed.type = sf::Event::Closed;
    CHECK(map_input(closed).kind == Command::Kind::none);
    CHECK(map_input(key(sf::Keyboard::Escape)).kind == Command::Kind::none);
    CHECK(map_input(key(sf::Keyboard::F4, true)).kind == Command::Kind::none);
}

TEST_CASE("a resize asks for a new layout at the new size") {
    sf::Event e;
    e.type = sf::Event::Resized;
    e.size = {800, 1280};
    const Command c = map_input(e);
    CHECK(c.kind == Command::Kind::resized);
    CHECK(c.x == 800);
    CHECK(c.y == 1280);
}

// A press at (x0, y0) on screen `down` and a release at (x1, y1) on screen `up`: the calls made.
Calls press_release(float x0, float y0, float x1, float y1, const std::string& down = "welcome/",
                    const std::string& up = "welcome/") {
    RecordingController c;
    PointerTracker p;
    const auto l = two_buttons();
    p.apply({Command::Kind::pointer_down, x0, y0}, l, c, t0, down);
    p.apply({Command::Kind::pointer_up, x1, y1}, l, c, t0, up);
    return c.calls;
}

TEST_CASE("press and release on the same widget is a tap, reported with the press and release") {
    CHECK(press_release(150, 150, 250, 180) == Calls{"touched", "press:start", "release:start", "tap:start"});
}

TEST_CASE("sliding off a widget before letting go is not a tap") {
    CHECK(press_release(150, 150, 600, 600) == Calls{"touched", "press:start", "release:start"});
}

TEST_CASE("the staff corner gets its press and release for the hold gesture") {
    CHECK(press_release(1270, 10, 1270, 10) == Calls{"touched", "press:staff", "release:staff", "tap:staff"});
    // The screen changed while held (the PIN pad opened): released, but no tap on the new screen.
    CHECK(press_release(1270, 10, 1270, 10, "welcome/", "staff-pin/") ==
          Calls{"touched", "press:staff", "release:staff"});
}

TEST_CASE("a touch that misses every widget still counts as activity, and disabled widgets take no taps") {
    CHECK(press_release(10, 700, 10, 700) == Calls{"touched"});
    CHECK(press_release(1000, 650, 1000, 650) == Calls{"touched"});
}
