#include "ui/input.h"

namespace alliance::ui {

Command map_input(const sf::Event& e) {
    using K = Command::Kind;
    switch (e.type) {
        case sf::Event::MouseButtonPressed:
            if (e.mouseButton.button == sf::Mouse::Left)
                return {K::pointer_down, static_cast<float>(e.mouseButton.x), static_cast<float>(e.mouseButton.y)};
            return {};
        case sf::Event::MouseButtonReleased:
            if (e.mouseButton.button == sf::Mouse::Left)
                return {K::pointer_up, static_cast<float>(e.mouseButton.x), static_cast<float>(e.mouseButton.y)};
            return {};
        // Only the first finger: a second one resting on the screen must not tap anything.
        case sf::Event::TouchBegan:
            if (e.touch.finger == 0)
                return {K::pointer_down, static_cast<float>(e.touch.x), static_cast<float>(e.touch.y)};
            return {};
        case sf::Event::TouchEnded:
            if (e.touch.finger == 0)
                return {K::pointer_up, static_cast<float>(e.touch.x), static_cast<float>(e.touch.y)};
            return {};
        case sf::Event::Resized:
            return {K::resized, static_cast<float>(e.size.width), static_cast<float>(e.size.height)};
        case sf::Event::GainedFocus: return {K::redraw, 0, 0};
        // A patient must not be able to leave: sf::Event::Closed (the window manager's close,
        // Alt+F4) and every key, Escape included, mean nothing here.
        default: return {};
    }
}

void PointerTracker::apply(const Command& c, const ScreenLayout& layout, Controller& controller, SteadyTime now,
                           const std::string& screen) {
    if (c.kind == Command::Kind::pointer_down) {
        controller.touched(now);
        const PlacedWidget* w = widget_at(layout, c.x, c.y);
        pressed_.reset();
        if (w) {
            pressed_ = w->widget.id;
            pressed_on_ = screen;
            controller.press(*pressed_, now);
        }
    } else if (c.kind == Command::Kind::pointer_up) {
        if (!pressed_) return;
        const std::string id = *pressed_;
        pressed_.reset();
        controller.release(id, now);
        const PlacedWidget* w = widget_at(layout, c.x, c.y);
        if (w && w->widget.id == id && pressed_on_ == screen) controller.tap(id, now);
    }
}

}  // namespace alliance::ui
