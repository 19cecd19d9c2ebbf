#pragma once
// Colours and sizes of the patient screens, read from content/theme.toml. Sizes are millimetres;
// the layout turns them into pixels for the configured screen.
#include <filesystem>
#include <string>
#include <vector>

#include <SFML/Graphics/Color.hpp>

namespace alliance::ui {

struct Palette {
    sf::Color background, text, muted;
    sf::Color button, button_text;
    sf::Color choice, choice_text, choice_border;
    sf::Color selected, selected_text;
    sf::Color toolbar, toolbar_text;
    sf::Color disabled, disabled_text;
    sf::Color progress_track, progress_fill;
    sf::Color input, input_text;
};

// A text colour on its background, named for error messages and the contrast test.
struct ColorPair {
    std::string name;
    sf::Color foreground, background;
};

struct Sizes {
    float min_target_mm = 9.0f, preferred_target_mm = 15.0f;
    float question_cap_mm = 6.2f, min_question_cap_mm = 4.8f;
    float title_cap_mm = 8.0f, min_title_cap_mm = 5.0f;
    float label_cap_mm = 5.0f, min_label_cap_mm = 4.0f;
    float body_cap_mm = 4.2f, min_body_cap_mm = 3.4f, toolbar_cap_mm = 3.6f;
    float countdown_cap_mm = 16.0f, min_countdown_cap_mm = 9.0f;
    float margin_mm = 6.0f, gap_mm = 3.0f, min_gap_mm = 1.6f;
    float border_mm = 0.6f, hotspot_mm = 12.0f;
    float large_text_factor = 1.3f;
    float cap_height_em = 0.73f;
};

// Rows of key names ("q", "ñ", "space"), from [keyboard].
using KeyRows = std::vector<std::vector<std::string>>;

struct Theme {
    Sizes sizes;
    KeyRows keyboard_landscape, keyboard_portrait;
    Palette normal, high_contrast;
    const Palette& palette(bool high) const { return high ? high_contrast : normal; }
};

// Reads `file`; throws std::runtime_error naming the file, the key and what was expected.
// Every key must be present: a theme that silently falls back is a theme nobody checked.
Theme load_theme(const std::filesystem::path& file);

// Plain dark-on-light colours and the default sizes, for when theme.toml cannot be read: the
// kiosk must still be able to show its out-of-service screen.
Theme builtin_theme();

// WCAG 2 contrast ratio, 1..21.
double contrast_ratio(sf::Color a, sf::Color b);
// Every text-on-background pair the renderer draws with `palette`.
std::vector<ColorPair> text_pairs(const Palette& palette);

}  // namespace alliance::ui
