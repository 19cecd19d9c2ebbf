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

TEST_CASE("press and release on the same widget is a tap, reported with the press and release") {
    RecordingController c;
    PointerTracker p;
    const auto l = two_buttons();
    p.apply({Command::Kind::pointer_down, 150, 150}, l, c, t0, "welcome/");
    p.apply({Command::Kind::pointer_up, 250, 180}, l, c, t0, "welcome/");
    CHECK(c.calls == Calls{"touched", "press:start", "release:start", "tap:start"});
}

TEST_CASE("sliding off a widget before letting go is not a tap") {
    RecordingController c;
    PointerTracker p;
    const auto l = two_buttons();
    p.apply({Command::Kind::pointer_down, 150, 150}, l, c, t0, "welcome/");
    p.apply({Command::Kind::pointer_up, 600, 600}, l, c, t0, "welcome/");
    CHECK(c.calls == Calls{"touched", "press:start", "release:start"});
}

TEST_CASE("the staff corner gets its press and release for the hold gesture") {
    RecordingController c;
    PointerTracker p;
    const auto l = two_buttons();
    p.apply({Command::Kind::pointer_down, 1270, 10}, l, c, t0, "welcome/");
    CHECK(c.calls == Calls{"touched", "press:staff"});
    p.apply({Command::Kind::pointer_up, 1270, 10}, l, c, t0, "staff-pin/");
    // The screen changed while held (the PIN pad opened): released, but no tap on the new screen.
    CHECK(c.calls == Calls{"touched", "press:staff", "release:staff"});
}

TEST_CASE("a touch that misses every widget still counts as activity, and disabled widgets take no taps") {
    RecordingController c;
    PointerTracker p;
    const auto l = two_buttons();
    p.apply({Command::Kind::pointer_down, 10, 700}, l, c, t0, "question/a");
    p.apply({Command::Kind::pointer_up, 10, 700}, l, c, t0, "question/a");
    p.apply({Command::Kind::pointer_down, 1000, 650}, l, c, t0, "question/a");
    p.apply({Command::Kind::pointer_up, 1000, 650}, l, c, t0, "question/a");
    CHECK(c.calls == Calls{"touched", "touched"});
}
