#pragma once
// Checks a laid-out screen against the rules a patient depends on: every target at least the
// minimum on its short side, question text at least the minimum cap height, every line of text
// inside its box, everything inside the window, nothing overlapping. Used by the unit tests over
// every screen and size, and by the program to warn on stderr when a screen does not fit.
#include <string>
#include <vector>

#include "ui/layout.h"

namespace alliance::ui {

// One message per problem, naming the widget or text; empty when the screen is fine.
std::vector<std::string> check_layout(const ScreenLayout& layout, const Theme& theme, float px_per_mm,
                                      const TextMeasure& measure);

}  // namespace alliance::ui
