// How a session ends, on the session flow as a pure state machine (session_fixture.h):
// completion and the thank-you countdown, idle and still-there, abandonment, a staff reset.
#include <doctest/doctest.h>

#include "core/session/session_flow.h"
#include "session_fixture.h"

using namespace alliance;
using namespace alliance::test;
using namespace std::chrono_literals;

TEST_CASE("completion sends one completed response with answers in order and scores, then thanks") {
    Fixture f;
    f.flow.choose_language("es", f.t);
    f.flow.begin(f.t);
    f.pick("pain", code("c"));
    f.flow.answer("goals", code("y"), f.t);
    f.flow.next(f.t);
    f.pick("overall", 10);
    f.flow.skip(f.t);
    REQUIRE(f.rec.completed.size() == 1);
    const Response& r = f.rec.completed[0];
    CHECK(r.status == "completed");
    CHECK(r.session_id == "session-1");
    CHECK(r.language == "es");
    CHECK(r.questionnaire_url == "urn:test:mini");
    REQUIRE(r.answers.size() == 3);
    CHECK(r.answers[0].link_id == "pain");
    CHECK(r.answers[1].link_id == "goals");
    CHECK(std::get<int>(r.answers[2].values[0]) == 10);
    CHECK(r.scores.at("goal") == doctest::Approx(3.0));
    CHECK(r.low_alliance.has_value());  // evaluated at completion, beside the scores
    CHECK(f.flow.step() == Step::thanks);
    CHECK(f.flow.language() == "es");
    CHECK_FALSE(f.flow.in_session());
}

TEST_CASE("the thank-you screen counts down each second and returns to a fresh welcome after the configured seconds") {
    Fixture f;
    f.flow.toggle_large_text(f.t);
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.skip(f.t);
    f.pick("overall", 3);
    f.flow.skip(f.t);
    REQUIRE(f.flow.step() == Step::thanks);
    CHECK(f.flow.countdown_seconds() == 8);
    CHECK(f.flow.next_deadline() == f.t + 1s);  // the countdown's next change
    f.wait(7s);
    CHECK(f.flow.step() == Step::thanks);
    CHECK(f.flow.countdown_seconds() == 1);
    CHECK(f.flow.next_deadline() == f.t + 1s);
    f.wait(1s);
    CHECK(f.flow.step() == Step::welcome);
    CHECK_FALSE(f.flow.large_text());
    CHECK(f.flow.next_deadline() == std::nullopt);
}

TEST_CASE("idle on a question shows still-there with a countdown each second, and continue returns") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.answer("goals", code("x"), f.t);
    CHECK(f.flow.next_deadline() == f.t + 60s);
    f.wait(60s);
    REQUIRE(f.flow.step() == Step::still_there);
    CHECK(f.flow.countdown_seconds() == 20);
    CHECK(f.flow.next_deadline() == f.t + 1s);
    f.wait(1s);
    CHECK(f.flow.countdown_seconds() == 19);
    f.flow.keep_going(f.t);
    CHECK(f.flow.step() == Step::question);
    CHECK(f.current() == "goals");
    CHECK(f.flow.values("goals").size() == 1);
    CHECK(f.rec.abandoned.empty());
}

TEST_CASE("when the countdown runs out the session is abandoned and nothing of it remains") {
    Fixture f;
    f.flow.choose_language("es", f.t);
    f.flow.toggle_high_contrast(f.t);
    f.flow.begin(f.t);
    f.pick("pain", code("b"));
    f.wait(60s);
    f.wait(19s);
    CHECK(f.flow.step() == Step::still_there);
    f.wait(1s);
    CHECK(f.flow.step() == Step::welcome);
    CHECK(f.rec.abandoned == std::vector<std::string>{"session-1"});
    CHECK_FALSE(f.flow.in_session());
    CHECK(f.flow.language() == "en");
    CHECK_FALSE(f.flow.high_contrast());
    CHECK(f.flow.values("pain").empty());
    f.flow.back(f.t);
    CHECK(f.flow.step() == Step::welcome);
    f.flow.begin(f.t);
    CHECK(f.current() == "pain");
    CHECK(f.flow.values("pain").empty());
    CHECK_FALSE(f.flow.can_go_next());
}

TEST_CASE("a staff reset abandons the session and shows a fresh welcome") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.reset(f.t);
    CHECK(f.flow.step() == Step::welcome);
    CHECK(f.rec.abandoned == std::vector<std::string>{"session-1"});
    f.flow.reset(f.t);  // nothing open: nothing more to abandon
    CHECK(f.rec.abandoned.size() == 1);
}

TEST_CASE("a language or display choice left on the welcome screen is undone after the idle time") {
    Fixture f;
    f.flow.choose_language("es", f.t);
    f.flow.toggle_large_text(f.t);
    CHECK(f.flow.next_deadline() == f.t + 60s);
    f.wait(60s);
    CHECK(f.flow.language() == "en");
    CHECK_FALSE(f.flow.large_text());
}
