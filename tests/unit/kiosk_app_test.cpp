// KioskApp driven as the UI drives it (Controller calls with widget ids), on the shipped content,
// a real SQLite store in a temporary directory and a clock moved by hand. Assertions are on the
// View and on what the store holds. Out of service: kiosk_out_of_service_test.cpp.
#include <doctest/doctest.h>

#include "core/app/kiosk_app.h"
#include "kiosk_fixture.h"

using namespace alliance;
using namespace alliance::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("the welcome screen shows the clinic, start, languages, display toggles and the hidden staff corner") {
    Kiosk k;
    CHECK(k.screen() == "welcome");
    CHECK(k.view().heading.find("Riverside Physio") != std::string::npos);
    for (const char* id : {"start", "language:en", "language:es", "a11y:larger", "a11y:contrast", "a11y:read"})
        CHECK_MESSAGE(k.has(id), id);
    REQUIRE(k.has("staff"));
    CHECK(k.widget("staff")->role == "hotspot");
    CHECK(k.widget("staff")->region == Region::hidden);
    CHECK(k.widget("language:en")->selected);
    CHECK(k.app->next_deadline() == std::nullopt);  // nothing to wake up for: the UI can sleep
}

TEST_CASE("a full run in English stores every answer, the therapist and a completed response") {
    Kiosk k;
    k.tap("start");
    REQUIRE(k.screen() == "therapist");
    CHECK(k.has("therapist:alex"));
    CHECK(k.widget("therapist:maria")->label == "María López");
    CHECK(k.has("therapist:not-sure"));
    k.complete_questionnaire();
    CHECK(k.screen() == "thanks");
    const auto responses = k.queued();
    REQUIRE(responses.size() == 1);
    const Response& r = responses[0].response;
    CHECK(r.status == "completed");
    CHECK(r.language == "en");
    CHECK(r.kiosk_id == "front-desk-1");
    CHECK(r.therapist_id == "maria");
    CHECK(r.therapist_name == "María López");
    CHECK(r.questionnaire_url == "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check");
    CHECK(r.started_at < r.authored_at);
    REQUIRE(r.answers.size() == 12);
    CHECK(code_of(find_answer(r, "main-goal")->values[0]) == "move-better");
    CHECK(std::get<bool>(find_answer(r, "goal-discussed")->values[0]) == true);
    CHECK(std::get<int>(find_answer(r, "overall")->values[0]) == 8);
    CHECK(std::get<std::string>(find_answer(r, "comment")->values[0]) == "o");
    CHECK(r.scores.count("goal") == 1);
    CHECK(r.scores.count("total") == 1);
    CHECK(k.sql("SELECT status FROM sessions") == "completed");
}

TEST_CASE("a full run in Spanish is labelled in Spanish and stored with language es") {
    Kiosk k;
    k.tap("language:es");
    CHECK(k.view().heading.find("Le damos la bienvenida") != std::string::npos);
    k.tap("start");
    CHECK(k.widget("therapist:not-sure")->label == "No lo sé");
    k.tap("therapist:not-sure");
    REQUIRE(k.screen() == "question");
    CHECK(k.view().heading == "¿Qué es lo más importante para usted en su tratamiento?");
    CHECK(k.widget("answer:main-goal:less-pain")->label == "Menos dolor");
    k.choose("answer:main-goal:less-pain");
    CHECK(k.widget("answer:goal-discussed:true")->label == "Sí");
    k.choose("answer:goal-discussed:false");
    for (const auto& id : alliance_items) k.choose("answer:" + id + ":5");
    k.choose("answer:overall:10");
    CHECK(k.widget("skip")->label == "Omitir");
    for (const char* key : {"key:¡", "key:s", "key:í", "key:space", "key:ñ"}) k.tap(key);
    CHECK(k.view().input_text == "¡sí ñ");
    CHECK(k.widget("next")->label == "Terminar");
    k.tap("next");
    CHECK(k.screen() == "thanks");
    CHECK(k.view().language == "es");
    const auto responses = k.queued();
    REQUIRE(responses.size() == 1);
    const Response& r = responses[0].response;
    CHECK(r.language == "es");
    CHECK(r.therapist_id.empty());
    CHECK(std::get<std::string>(find_answer(r, "comment")->values[0]) == "¡sí ñ");
}

TEST_CASE("each answer is in the store before the next screen shows") {
    Kiosk k;
    k.to_first_question();
    k.tap("answer:main-goal:work");
    CHECK(k.sql("SELECT count(*) FROM answers WHERE link_id = 'main-goal'") == "1");
    CHECK(k.widget("answer:main-goal:work")->selected);
    CHECK(k.view().item == "main-goal");
    k.wait(400ms);
    CHECK(k.view().item == "goal-discussed");
}

TEST_CASE("progress counts the enabled questions and grows when an answer enables one") {
    Kiosk k;
    k.to_first_question();
    CHECK(k.view().progress_current == 1);
    CHECK(k.view().progress_total == 11);  // goal-discussed waits for an answer to main-goal
    k.choose("answer:main-goal:sport");
    CHECK(k.view().progress_current == 2);
    CHECK(k.view().progress_total == 12);
}

TEST_CASE("required questions have no skip and next stays disabled until answered; the comment can be skipped") {
    Kiosk k;
    k.to_first_question();
    CHECK_FALSE(k.has("skip"));
    CHECK_FALSE(k.widget("next")->enabled);
    k.tap("next");
    CHECK(k.view().item == "main-goal");
    k.choose("answer:main-goal:sport");
    k.choose("answer:goal-discussed:true");
    for (const auto& id : alliance_items) k.choose("answer:" + id + ":4");  // 3 or lower asks what could be better
    k.choose("answer:overall:5");
    REQUIRE(k.view().item == "comment");
    CHECK(k.view().layout == Layout::keyboard);
    k.tap("skip");
    CHECK(k.screen() == "thanks");
    CHECK(find_answer(k.queued().at(0).response, "comment") == nullptr);
}

TEST_CASE("back shows the previous question with its answer selected, and changing it replaces the stored answer") {
    Kiosk k;
    k.to_first_question();
    k.choose("answer:main-goal:work");
    k.choose("answer:goal-discussed:true");
    k.tap("back");
    CHECK(k.view().item == "goal-discussed");
    CHECK(k.widget("answer:goal-discussed:true")->selected);
    CHECK(k.widget("next")->enabled);
    k.choose("answer:goal-discussed:false");
    CHECK(k.view().item == "goal-known");
    CHECK(k.sql("SELECT count(*) FROM answers WHERE link_id = 'goal-discussed'") == "1");
    CHECK(k.sql("SELECT values_json FROM answers WHERE link_id = 'goal-discussed'").find("false") != std::string::npos);
}

TEST_CASE("a second tap during the highlight does nothing") {
    Kiosk k;
    k.to_first_question();
    k.app->tap("answer:main-goal:work", k.now());
    k.clock.advance(100ms);
    k.app->tap("answer:main-goal:sport", k.now());
    k.app->tap("next", k.now());
    CHECK(k.widget("answer:main-goal:work")->selected);
    CHECK_FALSE(k.widget("answer:main-goal:sport")->selected);
    k.wait(300ms);
    CHECK(k.view().item == "goal-discussed");
    CHECK(k.sql("SELECT values_json FROM answers WHERE link_id = 'main-goal'").find("work") != std::string::npos);
}

TEST_CASE("after a minute without a touch the kiosk asks whether the patient is still there, and continue returns") {
    Kiosk k;
    k.to_first_question();
    k.choose("answer:main-goal:work");
    k.wait(59s);
    CHECK(k.screen() == "question");
    k.wait(1s);
    REQUIRE(k.screen() == "still-there");
    CHECK(k.view().countdown == 20);
    CHECK(k.app->next_deadline() == k.now() + 1s);
    k.wait(1s);
    CHECK(k.view().countdown == 19);
    const auto revision = k.view().revision;
    k.wait(1s);
    CHECK(k.view().revision == revision + 1);
    k.tap("continue");
    CHECK(k.screen() == "question");
    CHECK(k.view().item == "goal-discussed");
}

TEST_CASE("a walked-away session is kept as stopped and the next patient sees nothing of it") {
    Kiosk k;
    k.tap("language:es");
    k.tap("a11y:larger");
    k.to_first_question();
    k.choose("answer:main-goal:work");
    k.walk_away();
    CHECK(k.screen() == "welcome");
    CHECK(k.view().language == "en");
    CHECK_FALSE(k.view().large_text);
    CHECK(k.sql("SELECT status FROM sessions") == "stopped");
    const auto responses = k.queued();
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].response.status == "stopped");
    k.tap("back");  // not on screen: nothing happens
    CHECK(k.screen() == "welcome");
    k.tap("start");
    CHECK_FALSE(k.widget("therapist:alex")->selected);
    k.tap("therapist:alex");
    CHECK(k.view().item == "main-goal");
    for (const auto& w : k.view().widgets) CHECK_MESSAGE((!w.selected || w.id == "language:en"), w.id);
    CHECK_FALSE(k.widget("next")->enabled);
}

TEST_CASE("with partial = discard a walked-away session leaves nothing in the store") {
    Kiosk k([](Config& c, const fs::path&) { c.kiosk.partial = PartialPolicy::discard; });
    k.to_first_question();
    k.choose("answer:main-goal:work");
    k.walk_away();
    CHECK(k.screen() == "welcome");
    CHECK(k.sql("SELECT count(*) FROM sessions") == "0");
    CHECK(k.sql("SELECT count(*) FROM answers") == "0");
}

TEST_CASE("switching language mid-session keeps the answers and relabels the screen") {
    Kiosk k;
    k.to_first_question();
    k.choose("answer:main-goal:less-pain");
    k.tap("language:es");
    CHECK(k.view().item == "goal-discussed");
    CHECK(k.widget("answer:goal-discussed:false")->label == "No");
    k.tap("back");
    CHECK(k.widget("answer:main-goal:less-pain")->label == "Menos dolor");
    CHECK(k.widget("answer:main-goal:less-pain")->selected);
    CHECK(k.sql("SELECT language FROM sessions") == "es");
}

TEST_CASE("the thank-you screen returns to the welcome screen after thanks_seconds") {
    Kiosk k;
    k.complete_questionnaire();
    REQUIRE(k.screen() == "thanks");
    CHECK(k.has("staff"));
    k.wait(7s);
    CHECK(k.screen() == "thanks");
    k.wait(1s);
    CHECK(k.screen() == "welcome");
}

TEST_CASE("the visit-code keypad records the code when asked for") {
    Kiosk k([](Config& c, const fs::path&) {
        c.kiosk.ask_visit_code = true;
        c.kiosk.ask_therapist = false;
    });
    k.tap("start");
    REQUIRE(k.screen() == "visit-code");
    CHECK(k.view().layout == Layout::keypad);
    CHECK_FALSE(k.widget("key:ok")->enabled);
    for (const char* id : {"key:4", "key:2", "key:7", "key:back", "key:1"}) k.tap(id);
    CHECK(k.view().input_text == "421");
    k.tap("key:ok");
    CHECK(k.screen() == "question");
    CHECK(k.sql("SELECT visit_code FROM sessions") == "421");
}

TEST_CASE("read aloud counts requests and says the question and its answers") {
    Kiosk k;
    k.to_first_question();
    const auto before = k.view().speak_requests;
    k.tap("a11y:read");
    CHECK(k.view().speak_requests == before + 1);
    CHECK(k.view().speech.find("What matters most to you") != std::string::npos);
    CHECK(k.view().speech.find("Less pain") != std::string::npos);
    k.tap("a11y:contrast");
    CHECK(k.view().high_contrast);
    CHECK(k.widget("a11y:contrast")->selected);
}

TEST_CASE("the revision grows when the screen changes and not otherwise") {
    Kiosk k;
    const auto r0 = k.view().revision;
    k.tap("next");         // not on the welcome screen
    k.tap("language:en");  // already English
    CHECK(k.view().revision == r0);
    k.tap("language:es");
    CHECK(k.view().revision == r0 + 1);
}

TEST_CASE("holding the staff corner for 3 seconds opens the PIN pad; a shorter press opens nothing") {
    Kiosk k;
    k.tap("start");
    const auto revision = k.view().revision;
    k.hold_staff_corner(900ms);  // under a second: not even the progress shows
    CHECK(k.screen() == "therapist");
    CHECK(k.view().revision == revision);
    k.hold_staff_corner(2900ms);
    CHECK(k.screen() == "therapist");
    CHECK_FALSE(k.widget("staff")->selected);  // released: the progress is gone
    k.app->press("staff", k.now());
    CHECK(k.app->next_deadline() == k.now() + 1s);  // the progress shows after a second
    k.wait(3s);
    CHECK(k.screen() == "staff-pin");
    CHECK(k.has("staff"));
    k.app->release("staff", k.now());
    k.tap("staff:close");
    CHECK(k.screen() == "therapist");
}

TEST_CASE("a staff reset ends the patient's session and shows a fresh welcome screen") {
    Kiosk k;
    k.tap("language:es");
    k.to_first_question();
    k.choose("answer:main-goal:work");
    k.open_staff_menu();
    REQUIRE(k.screen() == "staff-menu");
    k.tap("staff:reset");
    CHECK(k.screen() == "welcome");
    CHECK(k.view().language == "en");
    CHECK(k.sql("SELECT status FROM sessions") == "stopped");
    k.to_first_question();
    CHECK_FALSE(k.widget("answer:main-goal:work")->selected);
}

TEST_CASE("exit from the staff menu asks the program to exit") {
    Kiosk k;
    CHECK_FALSE(k.app->exit_requested());
    k.open_staff_menu();
    k.tap("staff:exit");
    k.tap("staff:exit-confirm");
    CHECK(k.app->exit_requested());
}
