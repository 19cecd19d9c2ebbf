#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/questionnaire/response.h"

using namespace alliance;

TEST_CASE("a response survives a round trip through its JSON form") {
    Response r;
    r.session_id = "0b0e1f5e-0000-4000-8000-000000000001";
    r.status = "completed";
    r.questionnaire_url = "https://example.org/Questionnaire/x";
    r.questionnaire_version = "1.0.0";
    r.language = "es";
    r.kiosk_id = "front-desk-1";
    r.therapist_id = "t1";
    r.authored_at = "2026-11-28T12:00:00Z";
    r.answers.push_back({"goal-agree", {Coding{"s", "4", "Often"}}});
    r.answers.push_back({"overall", {7}});
    r.answers.push_back({"discussed", {true}});
    r.answers.push_back({"comment", {std::string("¡Gracias!")}});
    r.scores["goal"] = 4.5;
    Response back = response_from_json(to_json(r));
    CHECK(back.session_id == r.session_id);
    CHECK(back.language == "es");
    REQUIRE(back.answers.size() == 4);
    CHECK(std::get<Coding>(back.answers[0].values[0]).code == "4");
    CHECK(std::get<int>(back.answers[1].values[0]) == 7);
    CHECK(std::get<bool>(back.answers[2].values[0]) == true);
    CHECK(std::get<std::string>(back.answers[3].values[0]) == "¡Gracias!");
    CHECK(back.scores.at("goal") == doctest::Approx(4.5));
    CHECK_FALSE(back.low_alliance.has_value());  // frozen before the flag existed
}

TEST_CASE("the low-alliance flag survives the round trip, and an unflagged response stays told apart from an old one") {
    Response r;
    r.session_id = "0b0e1f5e-0000-4000-8000-000000000002";
    r.status = "completed";
    r.questionnaire_url = "https://example.org/Questionnaire/x";
    r.kiosk_id = "front-desk-1";
    r.authored_at = "2026-11-28T12:00:00Z";
    r.low_alliance = std::vector<std::string>{"bond", "total"};
    CHECK(response_from_json(to_json(r)).low_alliance == std::vector<std::string>{"bond", "total"});
    r.low_alliance = std::vector<std::string>{};
    const auto back = response_from_json(to_json(r)).low_alliance;
    REQUIRE(back.has_value());
    CHECK(back->empty());
}

TEST_CASE("a response without its session id is refused, naming the field") {
    nlohmann::json j = {{"status", "completed"}};
    CHECK_THROWS_WITH(response_from_json(j), doctest::Contains("sessionId"));
}

TEST_CASE("a stored response that is not what the kiosk writes is refused, naming what is wrong") {
    const std::string good_head =
        R"({"sessionId":"s","status":"completed","questionnaireUrl":"u","language":"en","kioskId":"k",)"
        R"("authoredAt":"2026-11-28T12:00:00Z",)";
    CHECK_THROWS_WITH(response_from_text("not json"), doctest::Contains("response: not"));
    CHECK_THROWS_WITH(response_from_text("[1]"), doctest::Contains("not a JSON object"));
    CHECK_THROWS_WITH(response_from_text(good_head + R"("scores":{}})"), doctest::Contains("'answers'"));
    CHECK_THROWS_WITH(response_from_text(good_head + R"("answers":{}})"),
                      doctest::Contains("'answers' has the wrong type"));
    CHECK_THROWS_WITH(response_from_text(good_head + R"("answers":[{"values":[]}]})"), doctest::Contains("'linkId'"));
    CHECK_THROWS_WITH(
        response_from_text(good_head + R"("answers":[{"linkId":"a","values":[{"integer":1,"string":"x"}]}]})"),
        doctest::Contains("one key"));
    CHECK_THROWS_WITH(response_from_text(good_head + R"("answers":[{"linkId":"a","values":[{"decimal":1.5}]}]})"),
                      doctest::Contains("unknown answer value kind 'decimal'"));
    CHECK_THROWS_WITH(
        response_from_text(good_head + R"("answers":[{"linkId":"a","values":[{"coding":{"code":"x"}}]}]})"),
        doctest::Contains("'system'"));
    CHECK_THROWS_WITH(response_from_text(good_head + R"("answers":[],"scores":{"total":"high"}})"),
                      doctest::Contains("'scores' has the wrong type"));
    CHECK_THROWS_WITH(response_from_text(R"({"sessionId":7})"), doctest::Contains("'sessionId' has the wrong type"));

    const Response r = response_from_text(good_head + R"("answers":[{"linkId":"a","values":[{"coding":)"
                                                      R"({"system":"s","code":"c"}},{"boolean":false}]}],)"
                                                      R"("scores":{"total":3,"bond":2.5},"extra":{"ignored":[1]}})");
    REQUIRE(r.answers.size() == 1);
    CHECK(std::get<Coding>(r.answers[0].values[0]).display.empty());
    CHECK(std::get<bool>(r.answers[0].values[1]) == false);
    CHECK(r.scores.at("total") == 3.0);
    CHECK(r.scores.at("bond") == 2.5);
}
