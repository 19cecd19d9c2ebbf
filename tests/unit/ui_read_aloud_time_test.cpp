// The welcome screen's time estimate holds for a slow reader who has every screen read aloud: the
// spoken length of each screen of a full session (espeak-ng through the kiosk's own synthesis, at
// its rate), plus time to find and tap an answer on each, in English and Spanish. The session is
// the longest path: the screen tour answers the lowest option, so the follow-up after a low answer
// shows too. Prints the figures (content/README.md quotes them).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

#include "../ui/screen_tour.h"
#include "core/base/strings.h"
#include "ui/speech.h"

using namespace alliance;

namespace {

// After the reading ends: finding the answer, reaching and tapping it, for a slow older reader.
constexpr double tap_seconds = 4.0;

struct SessionTime {
    int screens = 0;
    double spoken_seconds = 0;
    double total_seconds() const { return spoken_seconds + tap_seconds * screens; }
};

// The patient's screens from the welcome (language chosen) to the thank-you, each once.
SessionTime time_a_session(const std::string& language) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("alliance-read-aloud-" + language + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    const auto views = test::screen_tour(dir, language);
    std::filesystem::remove_all(dir);
    SessionTime t;
    std::string last;
    bool started = false;
    for (std::size_t i = 1; i < views.size(); ++i) {  // [0]: the welcome before the language tap
        const View& v = views[i];
        const std::string key = std::string(screen_name(v.screen)) + " " + v.item;
        if (key == last) continue;  // the same screen after a tap (choice highlighted, text typed)
        last = key;
        started = true;
        const ui::Speech s = ui::synthesize(v.speech, language);
        t.spoken_seconds += static_cast<double>(s.samples.size()) / s.sample_rate;
        ++t.screens;
        if (v.screen == Screen::thanks) break;
    }
    REQUIRE(started);
    return t;
}

// The N of "N minutes or less" in the welcome screen's subtitle.
int claimed_minutes(const Strings& strings, const std::string& language) {
    const std::string subtitle = strings.get(language, "welcome.subtitle");
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(subtitle, m, std::regex("([0-9]+)")), subtitle);
    return std::stoi(m[1]);
}

}  // namespace

TEST_CASE("a full session read aloud, with time to tap, fits the welcome screen's time estimate") {
    const Strings strings = Strings::load(std::filesystem::path(ALLIANCE_SOURCE_DIR) / "content" / "strings");
    for (const std::string language : {"en", "es"}) {
        CAPTURE(language);
        const SessionTime t = time_a_session(language);
        const int claimed = claimed_minutes(strings, language);
        std::printf("%s: %d screens, %.0f s spoken + %.0f s tapping = %.1f min (the welcome says %d or less)\n",
                    language.c_str(), t.screens, t.spoken_seconds, tap_seconds * t.screens, t.total_seconds() / 60.0,
                    claimed);
        CHECK(t.screens >= 14);
        CHECK(t.total_seconds() <= claimed * 60.0);
        // Not more than a minute too long either: the estimate should not put anyone off.
        CHECK(t.total_seconds() > (claimed - 1) * 60.0);
    }
}
