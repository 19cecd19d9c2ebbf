#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/response.h"

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
}

TEST_CASE("a response without its session id is refused, naming the field") {
    nlohmann::json j = {{"status", "completed"}};
    CHECK_THROWS_WITH(response_from_json(j), doctest::Contains("sessionId"));
}
