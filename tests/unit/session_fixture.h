#pragma once
// Shared by the session flow's tests (session_flow_test.cpp, session_end_test.cpp): a
// questionnaire built in code, a recorder that keeps every write, and a steady clock moved by hand.
#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/session/session_flow.h"

namespace alliance::test {

using namespace std::chrono_literals;

// The answer a tap on an option carries (the flow matches it to the option by its code).
inline AnswerValue code(const std::string& c) { return Coding{"urn:test", c, ""}; }

inline AnswerOption option(const std::string& code, const std::string& en, const std::string& es, double weight) {
    AnswerOption o;
    o.coding = Coding{"urn:test", code, en};
    o.display.base = en;
    o.display.translations["es"] = es;
    o.weight = weight;
    return o;
}

inline Item item(const std::string& id, ItemType type, const std::string& text, bool required) {
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
inline Questionnaire mini() {
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

}  // namespace alliance::test
