// Read aloud: espeak-ng synthesises English and Spanish into a buffer SFML can play.
#include <doctest/doctest.h>

#include <stdexcept>

#include "ui/speech.h"

using namespace alliance::ui;

TEST_CASE("English and Spanish text become audio samples") {
    for (const char* lang : {"en", "es"}) {
        INFO(lang);
        const Speech s = synthesize(
            lang == std::string("en") ? "Did your therapist listen to you?" : "¿Su terapeuta le escuchó?", lang);
        CHECK(s.sample_rate >= 8000);
        // Over half a second of sound.
        CHECK(s.samples.size() > s.sample_rate / 2);
    }
}

TEST_CASE("a language without a voice is reported, not spoken in another voice") {
    CHECK_THROWS_WITH_AS(synthesize("hello", "xx-nonexistent"), doctest::Contains("xx-nonexistent"),
                         std::runtime_error);
}
