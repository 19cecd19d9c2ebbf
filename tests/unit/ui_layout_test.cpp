// The layout over every screen the core can show, at the four screen sizes of issue 4, in both
// languages, with and without larger text: targets >= 9 mm, question text cap height >= 4.8 mm,
// nothing clipped, nothing overlapping, nothing outside the window.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <set>

#include <unistd.h>

#include "../ui/screen_tour.h"
#include "../ui/x_display.h"
#include "ui/font_measure.h"
#include "ui/layout.h"
#include "ui/layout_check.h"
#include "ui/theme.h"

using namespace alliance;
using namespace alliance::ui;

namespace {

struct Fixture {
    Fixture() {
        test::ensure_display();
        theme = load_theme(std::filesystem::path(ALLIANCE_SOURCE_DIR) / "content/theme.toml");
        load_font(font, {});
        measure = measure_with({});
    }
    Theme theme;
    sf::Font font;
    TextMeasure measure;
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

// A 10.1" screen at each resolution (the default screen's size), so pixels per mm follow.
LayoutInput screen(unsigned w, unsigned h) {
    LayoutInput in;
    in.width = w;
    in.height = h;
    in.px_per_mm = static_cast<float>(std::hypot(w, h) / 10.1 / 25.4);
    return in;
}

const LayoutInput sizes[] = {screen(1280, 800), screen(800, 1280), screen(1920, 1080), screen(1024, 600)};

std::filesystem::path temp_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("alliance-ui-test-" + name + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    return dir;
}

void check_every_screen(const std::string& language) {
    auto& f = fixture();
    const auto dir = temp_dir(language);
    const auto views = test::screen_tour(dir, language);
    std::filesystem::remove_all(dir);
    REQUIRE(views.size() > 20);
    std::set<std::string> seen;
    for (const View& v : views) seen.insert(std::string(screen_name(v.screen)));
    CHECK(seen == std::set<std::string>{"welcome", "therapist", "visit-code", "question", "thanks", "new-patient",
                                        "still-there", "staff-pin", "staff-menu", "out-of-service"});
    for (const LayoutInput& in : sizes) {
        for (bool large : {false, true}) {
            for (View v : views) {
                v.large_text = large;
                const ScreenLayout l = lay_out(v, in, f.theme, f.measure);
                const auto problems = check_layout(l, f.theme, in.px_per_mm, f.measure);
                const std::string where = std::string(screen_name(v.screen)) + " " + v.item + " at " +
                                          std::to_string(in.width) + "x" + std::to_string(in.height) +
                                          (large ? " with A+" : "");
                INFO(where);
                for (const auto& p : problems) FAIL_CHECK(p);
                // Every widget of the View is on screen, the staff corner included.
                CHECK(l.widgets.size() == v.widgets.size());
            }
        }
    }
}

View long_spanish_question() {
    View v;
    v.screen = Screen::question;
    v.language = "es";
    v.item = "goal-agree";
    v.layout = Layout::list;
    v.progress_current = 3;
    v.progress_total = 9;
    v.heading =
        "¿Hasta qué punto siente que usted y su fisioterapeuta están de acuerdo sobre los "
        "objetivos más importantes de su tratamiento y sobre cómo alcanzarlos juntos?";
    v.body = "(opcional)";
    for (const char* label : {"Nada en absoluto", "Un poco", "Moderadamente", "Bastante",
                              "Completamente, estamos totalmente de acuerdo en todo"})
        v.widgets.push_back({std::string("answer:goal-agree:") + label, "choice", label, Region::answers, true, false});
    v.widgets.push_back({"back", "button", "Atrás", Region::navigation, true, false});
    v.widgets.push_back({"skip", "button", "Omitir", Region::navigation, true, false});
    v.widgets.push_back({"next", "button", "Siguiente", Region::navigation, false, false});
    v.widgets.push_back({"a11y:larger", "toggle", "A+", Region::accessibility, true, false});
    v.widgets.push_back({"a11y:contrast", "toggle", "Alto contraste", Region::accessibility, true, false});
    v.widgets.push_back({"a11y:read", "button", "Leer en voz alta", Region::accessibility, true, false});
    v.widgets.push_back({"language:en", "button", "English", Region::accessibility, true, false});
    v.widgets.push_back({"language:es", "button", "Español", Region::accessibility, true, true});
    v.widgets.push_back({"staff", "hotspot", "", Region::hidden, true, false});
    return v;
}

}  // namespace

TEST_CASE("every English screen fits every screen size with targets of 9 mm and legible text") {
    check_every_screen("en");
}

TEST_CASE("every Spanish screen fits every screen size with targets of 9 mm and legible text") {
    check_every_screen("es");
}

TEST_CASE("a long Spanish question wraps between words onto several lines, none clipped") {
    auto& f = fixture();
    for (const LayoutInput& in : sizes) {
        const ScreenLayout l = lay_out(long_spanish_question(), in, f.theme, f.measure);
        INFO(in.width, "x", in.height);
        for (const auto& p : check_layout(l, f.theme, in.px_per_mm, f.measure)) FAIL_CHECK(p);
        const PlacedText* heading = nullptr;
        for (const auto& t : l.texts)
            if (t.role == TextRole::heading) heading = &t;
        REQUIRE(heading);
        CHECK(heading->lines.size() >= 2);
        std::string joined;
        for (const auto& line : heading->lines) joined += (joined.empty() ? "" : " ") + line;
        CHECK(joined == long_spanish_question().heading);
        CHECK(cap_mm_of(heading->text_px, in.px_per_mm, f.theme.sizes) >= 4.8f);
    }
}

TEST_CASE("larger text (A+) makes the question text larger where the screen has room") {
    auto& f = fixture();
    View v = long_spanish_question();
    v.heading = "¿Su fisioterapeuta le escuchó?";
    v.widgets.erase(v.widgets.begin() + 4);  // the long answer
    const auto normal = lay_out(v, screen(800, 1280), f.theme, f.measure);
    v.large_text = true;
    const auto large = lay_out(v, screen(800, 1280), f.theme, f.measure);
    auto heading_px = [](const ScreenLayout& l) {
        for (const auto& t : l.texts)
            if (t.role == TextRole::heading) return t.text_px;
        return 0u;
    };
    INFO("scale ", normal.scale, " -> ", large.scale);
    CHECK(heading_px(large) > heading_px(normal));
}

TEST_CASE("the staff corner is a hidden target in the configured corner that overlaps nothing") {
    auto& f = fixture();
    for (const char* corner : {"top-left", "top-right", "bottom-left", "bottom-right"}) {
        LayoutInput in = screen(1280, 800);
        in.staff_corner = corner_from_name(corner);
        const auto l = lay_out(long_spanish_question(), in, f.theme, f.measure);
        INFO(corner);
        const PlacedWidget* spot = widget_at(l, std::string(corner).find("left") != std::string::npos ? 1.0f : 1279.0f,
                                             corner[0] == 't' ? 1.0f : 799.0f);
        REQUIRE(spot);
        CHECK(spot->widget.id == "staff");
        for (const auto& p : check_layout(l, f.theme, in.px_per_mm, f.measure)) FAIL_CHECK(p);
    }
}

TEST_CASE("a tap lands on the widget drawn under it, and disabled widgets take no taps") {
    auto& f = fixture();
    const auto l = lay_out(long_spanish_question(), screen(1280, 800), f.theme, f.measure);
    for (const auto& w : l.widgets) {
        const PlacedWidget* hit = widget_at(l, w.box.x + w.box.w / 2, w.box.y + w.box.h / 2);
        if (w.widget.enabled) {
            REQUIRE(hit);
            CHECK(hit->widget.id == w.widget.id);
        } else {
            CHECK(hit == nullptr);
        }
    }
}
