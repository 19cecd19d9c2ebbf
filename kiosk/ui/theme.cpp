#include "ui/theme.h"

#include <cmath>
#include <stdexcept>

#include <toml++/toml.h>

namespace alliance::ui {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& key, const std::string& expected) {
    throw std::runtime_error(file.string() + ": " + key + ": expected " + expected);
}

float read_mm(const toml::table& sizes, const std::filesystem::path& file, const char* key) {
    auto value = sizes[key].value<double>();
    if (!value || !(*value > 0) || *value > 1000) fail(file, std::string("sizes.") + key, "a positive number");
    return static_cast<float>(*value);
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

sf::Color read_color(const toml::table& colors, const std::filesystem::path& file, const std::string& section,
                     const char* key) {
    const std::string name = "colors." + section + "." + key;
    auto text = colors[key].value<std::string>();
    if (!text || text->size() != 7 || (*text)[0] != '#') fail(file, name, "a colour \"#RRGGBB\"");
    int rgb[3];
    for (int i = 0; i < 3; ++i) {
        int hi = hex_digit((*text)[1 + 2 * i]), lo = hex_digit((*text)[2 + 2 * i]);
        if (hi < 0 || lo < 0) fail(file, name, "a colour \"#RRGGBB\"");
        rgb[i] = hi * 16 + lo;
    }
    return sf::Color(static_cast<sf::Uint8>(rgb[0]), static_cast<sf::Uint8>(rgb[1]), static_cast<sf::Uint8>(rgb[2]));
}

Palette read_palette(const toml::table& root, const std::filesystem::path& file, const std::string& section) {
    const toml::table* colors = root["colors"][section].as_table();
    if (!colors) fail(file, "colors." + section, "a table of colours");
    auto c = [&](const char* key) { return read_color(*colors, file, section, key); };
    Palette p;
    p.background = c("background");
    p.text = c("text");
    p.muted = c("muted");
    p.button = c("button");
    p.button_text = c("button_text");
    p.choice = c("choice");
    p.choice_text = c("choice_text");
    p.choice_border = c("choice_border");
    p.selected = c("selected");
    p.selected_text = c("selected_text");
    p.toolbar = c("toolbar");
    p.toolbar_text = c("toolbar_text");
    p.disabled = c("disabled");
    p.disabled_text = c("disabled_text");
    p.progress_track = c("progress_track");
    p.progress_fill = c("progress_fill");
    p.input = c("input");
    p.input_text = c("input_text");
    return p;
}

double channel(sf::Uint8 v) {
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(sf::Color c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }

KeyRows read_rows(const toml::table& root, const std::filesystem::path& file, const char* key) {
    const std::string name = std::string("keyboard.") + key;
    const toml::array* rows = root["keyboard"][key].as_array();
    if (!rows) fail(file, name, "an array of strings, one a row of key names");
    KeyRows out;
    for (const auto& row : *rows) {
        const auto text = row.value<std::string>();
        if (!text) fail(file, name, "an array of strings, one a row of key names");
        std::vector<std::string> keys;
        std::string key_name;
        for (char c : *text + " ") {
            if (c != ' ')
                key_name += c;
            else if (!key_name.empty())
                keys.push_back(std::move(key_name)), key_name.clear();
        }
        out.push_back(std::move(keys));
    }
    return out;
}

}  // namespace

Theme load_theme(const std::filesystem::path& file) {
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw std::runtime_error(file.string() + ": not valid TOML: " + std::string(e.description()));
    }
    const toml::table* s = root["sizes"].as_table();
    if (!s) fail(file, "sizes", "a table of sizes in millimetres");
    Theme t;
    Sizes& z = t.sizes;
    z.min_target_mm = read_mm(*s, file, "min_target_mm");
    z.preferred_target_mm = read_mm(*s, file, "preferred_target_mm");
    z.question_cap_mm = read_mm(*s, file, "question_cap_mm");
    z.min_question_cap_mm = read_mm(*s, file, "min_question_cap_mm");
    z.title_cap_mm = read_mm(*s, file, "title_cap_mm");
    z.min_title_cap_mm = read_mm(*s, file, "min_title_cap_mm");
    z.label_cap_mm = read_mm(*s, file, "label_cap_mm");
    z.min_label_cap_mm = read_mm(*s, file, "min_label_cap_mm");
    z.body_cap_mm = read_mm(*s, file, "body_cap_mm");
    z.min_body_cap_mm = read_mm(*s, file, "min_body_cap_mm");
    z.toolbar_cap_mm = read_mm(*s, file, "toolbar_cap_mm");
    z.countdown_cap_mm = read_mm(*s, file, "countdown_cap_mm");
    z.min_countdown_cap_mm = read_mm(*s, file, "min_countdown_cap_mm");
    z.margin_mm = read_mm(*s, file, "margin_mm");
    z.gap_mm = read_mm(*s, file, "gap_mm");
    z.min_gap_mm = read_mm(*s, file, "min_gap_mm");
    z.border_mm = read_mm(*s, file, "border_mm");
    z.hotspot_mm = read_mm(*s, file, "hotspot_mm");
    z.large_text_factor = read_mm(*s, file, "large_text_factor");
    z.cap_height_em = read_mm(*s, file, "cap_height_em");
    if (z.min_target_mm < 9.0f) fail(file, "sizes.min_target_mm", "at least 9 (mm)");
    if (z.min_question_cap_mm < 4.8f) fail(file, "sizes.min_question_cap_mm", "at least 4.8 (mm)");
    if (z.large_text_factor < 1.0f) fail(file, "sizes.large_text_factor", "at least 1.0");
    if (z.cap_height_em > 1.0f) fail(file, "sizes.cap_height_em", "a fraction of the em, below 1");
    t.keyboard_landscape = read_rows(root, file, "landscape");
    t.keyboard_portrait = read_rows(root, file, "portrait");
    t.normal = read_palette(root, file, "normal");
    t.high_contrast = read_palette(root, file, "high_contrast");
    return t;
}

Theme builtin_theme() {
    Palette p;
    const sf::Color ink(0x1B, 0x1F, 0x24), paper(0xF4, 0xF1, 0xEA), blue(0x1D, 0x5D, 0x9B);
    p.background = p.disabled = paper;
    p.text = p.muted = p.choice_text = p.toolbar_text = p.disabled_text = p.input_text = ink;
    p.button = p.selected = p.progress_fill = blue;
    p.button_text = p.selected_text = p.choice = p.toolbar = p.input = sf::Color::White;
    p.choice_border = p.progress_track = ink;
    Theme t;
    t.normal = t.high_contrast = p;
    return t;
}

double contrast_ratio(sf::Color a, sf::Color b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

std::vector<ColorPair> text_pairs(const Palette& p) {
    return {{"text on background", p.text, p.background},
            {"muted on background", p.muted, p.background},
            {"button_text on button", p.button_text, p.button},
            {"choice_text on choice", p.choice_text, p.choice},
            {"selected_text on selected", p.selected_text, p.selected},
            {"toolbar_text on toolbar", p.toolbar_text, p.toolbar},
            {"disabled_text on disabled", p.disabled_text, p.disabled},
            {"input_text on input", p.input_text, p.input},
            {"progress_fill on background", p.progress_fill, p.background}};
}

}  // namespace alliance::ui
