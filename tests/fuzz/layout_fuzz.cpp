// Fuzzes text layout with arbitrary UTF-8 (or not UTF-8 at all) labels, measured with the real
// font (DejaVu Sans through SFML, as the kiosk draws). The input is three parameter bytes (text
// size, line width, screen variant) and then the label. Checked: wrap_text keeps every character
// that is not a separator, and a line is wider than the width only when it is one character; the
// full screen layout with the label as heading, body and button label completes. Anything else
// (an exception, a crash, a hang, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "../ui/x_display.h"
#include "ui/font_measure.h"
#include "ui/layout.h"
#include "ui/theme.h"

using namespace alliance;
using namespace alliance::ui;

namespace {

sf::Font* font = nullptr;
TextMeasure* measure = nullptr;
Theme* theme = nullptr;

void check(bool ok) {
    if (!ok) std::abort();
}

std::string without_separators(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

// One UTF-8 sequence (or one stray byte), as wrap_text steps through a word.
bool one_character(const std::string& line) {
    const auto lead = static_cast<unsigned char>(line[0]);
    const std::size_t n = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 1;
    return line.size() <= n;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    test::ensure_display();  // glyphs live in OpenGL textures: a private Xvfb when there is no display
    font = new sf::Font;
    load_font(*font, {});
    measure = new TextMeasure(measure_with({}));
    theme = new Theme(builtin_theme());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3 || size > 4096) return 0;  // labels longer than a screen can hold say nothing new
    const unsigned px = 8 + data[0] % 120;
    const float width = 1.0f + static_cast<float>(data[1]) * 5.0f;
    const unsigned variant = data[2];
    const std::string text(reinterpret_cast<const char*>(data + 3), size - 3);

    const std::vector<std::string> lines = wrap_text(text, px, width, *measure);
    check(without_separators(text) == [&] {
        std::string joined;
        for (const auto& line : lines) joined += without_separators(line);
        return joined;
    }());
    for (const auto& line : lines) {
        check(!line.empty());
        check((*measure)(line, px) <= width || one_character(line));
    }
    (void)splits_words(text, px, width, *measure);

    View view;
    view.screen = Screen::question;
    view.layout = static_cast<Layout>(variant % 6);
    view.large_text = (variant & 8) != 0;
    view.high_contrast = (variant & 16) != 0;
    view.heading = text;
    view.body = text.substr(0, text.size() / 2);
    view.scale_low = view.scale_high = view.body;
    view.input_text = text;
    view.progress_current = 1;
    view.progress_total = 3;
    view.widgets = {{"answer:q:1", "choice", text, Region::answers, true, false},
                    {"next", "button", view.body, Region::navigation, true, false},
                    {"staff", "hotspot", "", Region::hidden, true, false}};
    LayoutInput in;
    if (variant & 32) std::swap(in.width, in.height);  // portrait
    const ScreenLayout layout = lay_out(view, in, *theme, *measure);
    check(layout.width == in.width && layout.height == in.height);
    return 0;
}
