// The session flow as a pure state machine: a questionnaire built in code, a recorder that keeps
// every write, and a steady clock moved by hand (session_fixture.h). How a session ends
// (completion, thanks, idle, reset): session_end_test.cpp.
#include <doctest/doctest.h>

#include "core/session/session_flow.h"
#include "session_fixture.h"

using namespace alliance;
using namespace alliance::test;
using namespace std::chrono_literals;

TEST_CASE("without therapist or visit code, begin starts a session and shows the first question") {
    Fixture f;
    CHECK(f.flow.step() == Step::welcome);
    f.flow.begin(f.t);
    CHECK(f.rec.calls == std::vector<std::string>{"start en"});
    CHECK(f.flow.session_id() == "session-1");
    CHECK(f.flow.step() == Step::question);
    CHECK(f.current() == "pain");
}

TEST_CASE("a single-choice tap records the answer at once and advances only after the highlight") {
    Fixture f;
    f.flow.begin(f.t);
    f.flow.answer("pain", code("a"), f.t);
    CHECK(f.rec.stored.count("pain") == 1);
    CHECK(f.current() == "pain");
    CHECK(f.flow.highlighting());
    CHECK(f.flow.next_deadline() == f.t + 350ms);
    f.wait(349ms);
    CHECK(f.current() == "pain");
    f.wait(1ms);
    CHECK(f.current() == "goals");  // "why" is hidden: pain is not "b"
}

TEST_CASE("a second tap during the highlight changes nothing") {
    Fixture f;
    f.flow.begin(f.t);
    f.flow.answer("pain", code("a"), f.t);
    f.t += 100ms;
    f.flow.answer("pain", code("c"), f.t);
    f.flow.next(f.t);
    CHECK(std::get<Coding>(f.rec.stored.at("pain").front()).code == "a");
    CHECK(f.current() == "pain");
    f.wait(300ms);
    CHECK(f.current() == "goals");
}

TEST_CASE("a required item has no skip, and next stays disabled until it is answered") {
    Fixture f;
    f.flow.begin(f.t);
    CHECK_FALSE(f.flow.can_skip());
    CHECK_FALSE(f.flow.can_go_next());
    f.flow.skip(f.t);
    f.flow.next(f.t);
    CHECK(f.current() == "pain");
}

TEST_CASE("multi-select toggles its options in their order and needs next") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    REQUIRE(f.current() == "goals");
    f.flow.answer("goals", code("z"), f.t);
    f.flow.answer("goals", code("x"), f.t);
    f.flow.answer("goals", code("y"), f.t);
    f.flow.answer("goals", code("y"), f.t);
    f.wait(1s);
    CHECK(f.current() == "goals");
    const auto& v = f.rec.stored.at("goals");
    REQUIRE(v.size() == 2);
    CHECK(std::get<Coding>(v[0]).code == "x");
    CHECK(std::get<Coding>(v[1]).code == "z");
    f.flow.next(f.t);
    CHECK(f.current() == "overall");
}

TEST_CASE("skipping an optional item leaves it unanswered in the store too") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.answer("goals", code("x"), f.t);
    REQUIRE(f.flow.can_skip());
    f.flow.skip(f.t);
    CHECK(f.current() == "overall");
    CHECK(f.rec.stored.count("goals") == 0);
}

TEST_CASE("back shows the previous item with its answer, and a new answer replaces the old one") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.back(f.t);
    CHECK(f.current() == "pain");
    REQUIRE(f.flow.values("pain").size() == 1);
    CHECK(std::get<Coding>(f.flow.values("pain").front()).code == "a");
    CHECK(f.flow.can_go_next());
    f.pick("pain", code("c"));
    CHECK(std::get<Coding>(f.rec.stored.at("pain").front()).code == "c");
    CHECK(f.rec.stored.at("pain").size() == 1);
}

TEST_CASE("enableWhen shows an item only while its condition holds, and clears its answer when it stops") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("b"));
    CHECK(f.current() == "why");
    f.pick("why", true);
    CHECK(f.rec.stored.count("why") == 1);
    f.flow.back(f.t);
    f.flow.back(f.t);
    REQUIRE(f.current() == "pain");
    f.pick("pain", code("a"));
    CHECK(f.current() == "goals");
    CHECK(f.rec.stored.count("why") == 0);
    CHECK(f.rec.calls.back() == "clear why");
}

TEST_CASE("progress counts only the enabled items") {
    Fixture f;
    f.flow.begin(f.t);
    CHECK(f.flow.progress_current() == 1);
    CHECK(f.flow.progress_total() == 4);
    f.pick("pain", code("b"));
    CHECK(f.flow.progress_current() == 2);
    CHECK(f.flow.progress_total() == 5);
}

TEST_CASE("a comment typed with Spanish letters is stored when the patient taps next") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.skip(f.t);
    f.pick("overall", 7);
    REQUIRE(f.current() == "comment");
    CHECK_FALSE(f.flow.can_go_next());
    for (const char* k : {"¡", "s", "í", " ", "ñ", "x"}) f.flow.type_text(k, f.t);
    f.flow.delete_text(f.t);
    CHECK(f.flow.text_draft() == "¡sí ñ");
    CHECK(f.rec.stored.count("comment") == 0);
    f.flow.next(f.t);
    REQUIRE(f.rec.completed.size() == 1);
    const auto& answers = f.rec.completed[0].answers;
    REQUIRE(answers.size() == 3);
    CHECK(answers[2].link_id == "comment");
    CHECK(std::get<std::string>(answers[2].values[0]) == "¡sí ñ");
}

TEST_CASE("changing language mid-session keeps the answers and tells the store") {
    Fixture f;
    f.flow.begin(f.t);
    f.pick("pain", code("a"));
    f.flow.choose_language("es", f.t);
    CHECK(f.flow.language() == "es");
    CHECK(f.rec.language_set == "es");
    CHECK(f.current() == "goals");
    f.flow.back(f.t);
    CHECK(f.flow.values("pain").size() == 1);
    f.flow.choose_language("fr", f.t);  // not configured
    CHECK(f.flow.language() == "es");
}

TEST_CASE("therapist and visit-code screens come first when configured, and back returns through them") {
    FlowSettings s;
    s.ask_therapist = true;
    s.ask_visit_code = true;
    Fixture f(s);
    f.flow.begin(f.t);
    REQUIRE(f.flow.step() == Step::therapist);
    f.flow.choose_therapist(Therapist{"sam", "Sam"}, f.t);
    CHECK(f.rec.therapist_id == "sam");
    REQUIRE(f.flow.step() == Step::visit_code);
    f.flow.visit_code_done(f.t);  // nothing typed: stays
    CHECK(f.flow.step() == Step::visit_code);
    for (char d : std::string("12345")) f.flow.visit_code_digit(d, f.t);
    f.flow.visit_code_delete(f.t);
    f.flow.visit_code_done(f.t);
    CHECK(f.rec.code == "1234");
    CHECK(f.current() == "pain");
    f.flow.back(f.t);
    CHECK(f.flow.step() == Step::visit_code);
    f.flow.back(f.t);
    CHECK(f.flow.step() == Step::therapist);
    CHECK(f.flow.therapist().id == "sam");
}

TEST_CASE("without anyone on duty the therapist screen is left out") {
    FlowSettings s;
    s.ask_therapist = true;
    Fixture f(s);
    f.flow.begin(f.t, false);
    CHECK(f.flow.step() == Step::question);
    CHECK_FALSE(f.flow.can_go_back());
}

TEST_CASE("a write that fails leaves the flow on the screen it was on") {
    Fixture f;
    f.flow.begin(f.t);
    f.rec.fail_next = true;
    CHECK_THROWS(f.flow.answer("pain", code("a"), f.t));
    CHECK(f.flow.values("pain").empty());
    CHECK_FALSE(f.flow.highlighting());
    CHECK(f.current() == "pain");
}

TEST_CASE("answers that are not among the item's options are ignored") {
    Fixture f;
    f.flow.begin(f.t);
    f.flow.answer("pain", code("q"), f.t);
    f.flow.answer("overall", 5, f.t);  // not the current item
    CHECK(f.rec.stored.empty());
    f.pick("pain", code("a"));
    f.flow.next(f.t);
    f.flow.answer("overall", 11, f.t);
    f.flow.answer("overall", std::string("x"), f.t);
    CHECK(f.rec.stored.count("overall") == 0);
}
