// The session flow as a pure state machine: a questionnaire built in code, a recorder that keeps
// every write, and a steady clock moved by hand.
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/session/session_flow.h"

using namespace alliance;
using namespace std::chrono_literals;

namespace {

// The answer a tap on an option carries (the flow matches it to the option by its code).
AnswerValue code(const std::string& c) { return Coding{"urn:test", c, ""}; }

AnswerOption option(const std::string& code, const std::string& en, const std::string& es, double weight) {
    AnswerOption o;
    o.coding = Coding{"urn:test", code, en};
    o.display.base = en;
    o.display.translations["es"] = es;
    o.weight = weight;
    return o;
}

Item item(const std::string& id, ItemType type, const std::string& text, bool required) {
    Item i;
    i.link_id = id;
    i.type = type;
    i.text.base = text;
    i.text.translations["es"] = "ES " + text;
    i.required = required;
    return i;
}

// pain (single choice, scored) -> why (yes/no, only when pain = b) -> goals (multi, optional)
// -> overall (0-10) -> comment (text, optional).
Questionnaire mini() {
    Questionnaire q;
    q.url = "urn:test:mini";
    q.version = "1";
    q.language = "en";
    Item pain = item("pain", ItemType::choice, "How is the pain?", true);
    pain.subscale = "goal";
    pain.options = {option("a", "Better", "Mejor", 1), option("b", "Same", "Igual", 2),
                    option("c", "Worse", "Peor", 3)};
    Item why = item("why", ItemType::boolean, "Did we talk about it?", true);
    why.enable_when.push_back({"pain", EnableOperator::equals, Coding{"urn:test", "b", ""}});
    Item goals = item("goals", ItemType::choice, "What are your goals?", false);
    goals.repeats = true;
    goals.options = {option("x", "Walk", "Caminar", 1), option("y", "Work", "Trabajar", 1),
                     option("z", "Sleep", "Dormir", 1)};
    Item overall = item("overall", ItemType::integer, "Overall?", true);
    overall.min_value = 0;
    overall.max_value = 10;
    Item comment = item("comment", ItemType::text, "Anything else?", false);
    Item group = item("all", ItemType::group, "All", false);
    group.items = {pain, why, goals, overall, comment};
    q.items = {group};
    return q;
}

// Keeps the writes as the store would: answers by link id, plus a log of calls.
struct Recorder : SessionRecorder {
    int sessions = 0;
    std::vector<std::string> calls;
    AnswerMap stored;
    std::vector<Response> completed;
    std::vector<std::string> abandoned;
    std::string therapist_id, code, language_set;
    bool fail_next = false;

    void check() {
        if (fail_next) throw std::runtime_error("disk full");
    }
    std::string start(const std::string& language) override {
        check();
        calls.push_back("start " + language);
        stored.clear();
        return "session-" + std::to_string(++sessions);
    }
    void language(const std::string&, const std::string& l) override { language_set = l; }
    void therapist(const std::string&, const Therapist& t) override { therapist_id = t.id; }
    void visit_code(const std::string&, const std::string& c) override { code = c; }
    void answer(const std::string& id, const ResponseAnswer& a) override {
        check();
        calls.push_back("answer " + id + " " + a.link_id);
        stored[a.link_id] = a.values;
    }
    void clear(const std::string&, const std::string& link_id) override {
        calls.push_back("clear " + link_id);
        stored.erase(link_id);
    }
    void complete(const Response& r) override { completed.push_back(r); }
    void abandon(const std::string& id) override { abandoned.push_back(id); }
};

struct Fixture {
    Questionnaire q = mini();
    Recorder rec;
    FlowSettings settings = [] {
        FlowSettings s;
        s.languages = {"en", "es"};
        s.ask_therapist = false;
        return s;
    }();
    SteadyTime t = SteadyTime{} + 1h;
    SessionFlow flow{q, settings, rec};

    Fixture() = default;
    explicit Fixture(FlowSettings s) : settings(std::move(s)), flow{q, settings, rec} {}
    void wait(std::chrono::milliseconds d) {
        t += d;
        flow.tick(t);
    }
    // A single-choice tap and the highlight that follows it.
    void pick(const std::string& link_id, const AnswerValue& value) {
        flow.answer(link_id, value, t);
        wait(400ms);
    }
    std::string current() const { return flow.current_item() ? flow.current_item()->link_id : "-"; }
};

}  // namespace

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
