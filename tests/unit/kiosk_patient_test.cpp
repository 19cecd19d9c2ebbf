// What a patient meets on the shipped Alliance check 1.1, driven through the KioskApp with the
// widget ids of the UI tree: who sees the answers, the follow-up after a low answer, the answer
// that is not scored, capitals on the keyboard, the thank-you countdown and the new-patient
// question.
#include <doctest/doctest.h>

#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;

namespace {

// From the first question to the first alliance item, main goal and "talked about it" answered.
void to_alliance_items(Kiosk& k) {
    k.to_first_question();
    k.choose("answer:main-goal:less-pain");
    k.choose("answer:goal-discussed:true");
}

// Every alliance item answered with `code`, except `low_item` answered with `low_code`.
void answer_alliance(Kiosk& k, const std::string& code, const std::string& low_item = "",
                     const std::string& low_code = "") {
    for (const auto& id : alliance_items) {
        REQUIRE(k.view().item == id);
        k.choose("answer:" + id + ":" + (id == low_item ? low_code : code));
    }
}

// By value: callers pass the temporary that k.queued() returns.
Response only_response(const std::vector<QueuedResponse>& queued) {
    REQUIRE(queued.size() == 1);
    return queued[0].response;
}

}  // namespace

TEST_CASE("the welcome screen says who sees the answers, in the patient's language") {
    Kiosk k;
    CHECK(k.view().body.find("Only the staff of this clinic see your answers.") != std::string::npos);
    k.tap("language:es");
    CHECK(k.view().body.find("Solo el personal de esta clínica ve sus respuestas.") != std::string::npos);
}

TEST_CASE("[kiosk] who_sees_answers replaces the welcome screen's line about who sees the answers") {
    Kiosk k([](Config& c, const fs::path&) { c.kiosk.who_sees_answers = "Only Dr. Lee's team reads these."; });
    CHECK(k.view().body.find("Only Dr. Lee's team reads these.") != std::string::npos);
    CHECK(k.view().body.find("Only the staff of this clinic") == std::string::npos);
    CHECK(k.view().speech.find("Only Dr. Lee's team reads these.") != std::string::npos);
}

TEST_CASE("the comment screen says that anyone who needs help today should tell the front desk") {
    Kiosk k;
    to_alliance_items(k);
    answer_alliance(k, "4");
    k.choose("answer:overall:8");
    REQUIRE(k.view().item == "comment");
    CHECK(k.view().body.find("If you need help today, tell the front desk.") != std::string::npos);
}

TEST_CASE("what could we do better is asked only after a low alliance answer") {
    SUBCASE("all answers Mostly or Completely: straight on to the rating") {
        Kiosk k;
        to_alliance_items(k);
        answer_alliance(k, "4", "bond-listen", "5");
        CHECK(k.view().item == "overall");
        CHECK_FALSE(k.has("answer:better-why:listen"));
    }
    SUBCASE("one answer Somewhat: the follow-up, its reasons and its free text, all optional") {
        Kiosk k;
        to_alliance_items(k);
        answer_alliance(k, "5", "task-plan", "3");
        REQUIRE(k.view().item == "better-why");
        CHECK(k.view().heading == "What could we do better?");
        CHECK(k.widget("answer:better-why:listen")->label == "Listen to me more");
        CHECK(k.has("answer:better-why:other"));
        CHECK(k.has("skip"));
        k.tap("answer:better-why:explain");
        k.tap("answer:better-why:respect");
        k.tap("next");
        REQUIRE(k.view().item == "better-text");
        CHECK(k.has("skip"));
        k.tap("skip");
        CHECK(k.view().item == "overall");
        k.choose("answer:overall:6");
        k.tap("skip");
        const Response r = only_response(k.queued());
        REQUIRE(find_answer(r, "better-why") != nullptr);
        CHECK(find_answer(r, "better-why")->values.size() == 2);
        CHECK(find_answer(r, "better-text") == nullptr);
    }
    SUBCASE("a low answer changed back to a high one hides the follow-up again") {
        Kiosk k;
        to_alliance_items(k);
        answer_alliance(k, "5", "bond-trust", "1");
        REQUIRE(k.view().item == "better-why");
        k.tap("back");
        REQUIRE(k.view().item == "bond-trust");
        k.choose("answer:bond-trust:5");
        CHECK(k.view().item == "overall");
    }
}

TEST_CASE("I was not given exercises is an answer to the home exercise item and is not scored") {
    Kiosk k;
    to_alliance_items(k);
    for (const auto& id : alliance_items) {
        REQUIRE(k.view().item == id);
        if (id == "task-home") {
            CHECK(k.widget("answer:task-home:does-not-apply")->label == "I was not given exercises");
            k.choose("answer:task-home:does-not-apply");
        } else {
            // goal 5, 4; task 4, 3 (Somewhat: asks the follow-up); bond 5, 5, 4.
            const std::map<std::string, std::string> given = {
                {"goal-known", "5"},  {"goal-shared", "4"},  {"task-plan", "4"}, {"task-agree", "3"},
                {"bond-listen", "5"}, {"bond-respect", "5"}, {"bond-trust", "4"}};
            k.choose("answer:" + id + ":" + given.at(id));
        }
    }
    k.tap("skip");  // better-why
    k.tap("skip");  // better-text
    k.choose("answer:overall:7");
    k.tap("skip");
    const Response r = only_response(k.queued());
    CHECK(code_of(find_answer(r, "task-home")->values.at(0)) == "does-not-apply");
    // By hand: goal (5 + 4) / 2 = 4.5; task (4 + 3) / 2 = 3.5, the unscored answer counting
    // neither as 0 nor as an item; bond (5 + 5 + 4) / 3 = 14 / 3; total 30 / 7.
    CHECK(r.scores.at("goal") == doctest::Approx(4.5));
    CHECK(r.scores.at("task") == doctest::Approx(3.5));
    CHECK(r.scores.at("bond") == doctest::Approx(14.0 / 3.0));
    CHECK(r.scores.at("total") == doctest::Approx(30.0 / 7.0));
}

TEST_CASE("a response names the questionnaire version it answered: 1.1.0 for the shipped file") {
    Kiosk k;
    k.complete_questionnaire();
    CHECK(only_response(k.queued()).questionnaire_version == "1.1.0");
    CHECK(k.sql("SELECT questionnaire_version FROM sessions") == "1.1.0");
}

TEST_CASE("the on-screen keyboard types capitals after shift, one letter at a time") {
    Kiosk k;
    to_alliance_items(k);
    answer_alliance(k, "5");
    k.choose("answer:overall:9");
    REQUIRE(k.view().item == "comment");
    REQUIRE(k.has("key:shift"));
    CHECK(k.widget("key:shift")->label == "Shift");
    CHECK(k.widget("key:a")->label == "a");
    k.tap("key:shift");
    CHECK(k.widget("key:shift")->selected);
    CHECK(k.widget("key:a")->label == "A");
    CHECK(k.widget("key:ñ")->label == "Ñ");
    for (const char* key : {"key:g", "key:r", "key:a", "key:c", "key:i", "key:a", "key:s", "key:space", "key:shift",
                            "key:ñ", "key:shift", "key:á"})
        k.tap(key);
    CHECK_FALSE(k.widget("key:shift")->selected);
    CHECK(k.widget("key:a")->label == "a");
    CHECK(k.view().input_text == "Gracias ÑÁ");
    k.tap("next");
    CHECK(std::get<std::string>(find_answer(only_response(k.queued()), "comment")->values.at(0)) == "Gracias ÑÁ");
}

TEST_CASE("the thank-you screen counts down before it returns to the welcome screen") {
    Kiosk k([](Config& c, const fs::path&) { c.kiosk.thanks_seconds = 5; });
    k.complete_questionnaire();
    REQUIRE(k.screen() == "thanks");
    CHECK(k.view().countdown == 5);
    CHECK(k.view().body.find("Returning to the start in 5 seconds") != std::string::npos);
    k.wait(2s);
    CHECK(k.view().countdown == 3);
    CHECK(k.view().body.find("Returning to the start in 3 seconds") != std::string::npos);
    k.wait(2s);
    CHECK(k.view().countdown == 1);
    CHECK(k.view().body.find("Returning to the start in 1 second") != std::string::npos);
    CHECK(k.view().body.find("1 seconds") == std::string::npos);
    k.wait(1s);
    CHECK(k.screen() == "welcome");
    CHECK_FALSE(k.view().countdown.has_value());
}

TEST_CASE("[kiosk] min_seconds_between_responses asks a patient who starts soon after the last one if they are new") {
    Kiosk k([](Config& c, const fs::path&) {
        c.kiosk.min_seconds_between_responses = 120;
        c.kiosk.thanks_seconds = 5;
    });
    SUBCASE("the first response of the day is not asked") {
        k.tap("start");
        CHECK(k.screen() == "therapist");
    }
    k.complete_questionnaire();
    k.wait(6s);
    REQUIRE(k.screen() == "welcome");
    SUBCASE("soon after: asked, and No returns to the welcome screen with nothing stored") {
        k.tap("start");
        REQUIRE(k.screen() == "new-patient");
        CHECK(k.view().heading == "Are you a new patient?");
        CHECK(k.has("new-patient:yes"));
        k.tap("new-patient:no");
        CHECK(k.screen() == "welcome");
        CHECK(k.sql("SELECT count(*) FROM sessions") == "1");
    }
    SUBCASE("soon after: Yes goes on to the questions as usual") {
        k.tap("start");
        REQUIRE(k.screen() == "new-patient");
        k.tap("new-patient:yes");
        CHECK(k.screen() == "therapist");
        CHECK(k.sql("SELECT count(*) FROM sessions") == "2");
    }
    SUBCASE("after the configured time: not asked") {
        k.wait(120s);
        k.tap("start");
        CHECK(k.screen() == "therapist");
    }
    SUBCASE("nobody answers the question: back to the welcome screen after the idle time") {
        k.tap("start");
        REQUIRE(k.screen() == "new-patient");
        k.wait(61s);
        CHECK(k.screen() == "welcome");
    }
}

TEST_CASE("without [kiosk] min_seconds_between_responses a new response right after the last is not asked") {
    Kiosk k([](Config& c, const fs::path&) { c.kiosk.thanks_seconds = 2; });
    k.complete_questionnaire();
    k.wait(3s);
    k.tap("start");
    CHECK(k.screen() == "therapist");
}
