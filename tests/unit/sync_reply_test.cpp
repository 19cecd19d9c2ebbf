// Reading a transaction-response Bundle entry by entry, without building the echoed resources.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/transaction_reply.h"

using namespace alliance::sync;
using nlohmann::json;

TEST_CASE("each entry's status, location and outcome are read; echoed resources are skipped") {
    const auto entries = read_transaction_reply(R"({
        "resourceType": "Bundle", "type": "transaction-response",
        "entry": [
          {"resource": {"resourceType": "QuestionnaireResponse", "status": "completed",
                        "item": [{"linkId": "status", "answer": [{"valueString": "location"}]}]},
           "response": {"status": "201 Created", "location": "QuestionnaireResponse/7/_history/1",
                        "outcome": {"resourceType": "OperationOutcome",
                                    "issue": [{"severity": "information", "code": "informational"}]}}},
          {"response": {"location": "Observation/8", "status": "200"},
           "resource": {"response": {"status": "500"}}},
          "not an object",
          {"fullUrl": "urn:uuid:1"}
        ]})");
    REQUIRE(entries.has_value());
    REQUIRE(entries->size() == 4);
    CHECK((*entries)[0].has_response);
    CHECK((*entries)[0].status == "201 Created");
    CHECK((*entries)[0].location == "QuestionnaireResponse/7/_history/1");
    CHECK(json::parse((*entries)[0].outcome)["issue"][0]["code"] == "informational");
    // A `response` inside the echoed resource is not the entry's.
    CHECK((*entries)[1].status == "200");
    CHECK((*entries)[1].location == "Observation/8");
    CHECK((*entries)[1].outcome.empty());
    CHECK_FALSE((*entries)[2].has_response);
    CHECK_FALSE((*entries)[3].has_response);
}

TEST_CASE(
    "a reply that is not a Bundle with an entry array, or has odd types where text belongs, is "
    "unreadable") {
    CHECK_FALSE(read_transaction_reply("").has_value());
    CHECK_FALSE(read_transaction_reply("<html>busy</html>").has_value());
    CHECK_FALSE(read_transaction_reply(R"({"resourceType": "Bundle", "entry": [)").has_value());
    CHECK_FALSE(read_transaction_reply(R"([{"entry": []}])").has_value());
    CHECK_FALSE(read_transaction_reply(R"({"resourceType": "Bundle"})").has_value());
    CHECK_FALSE(read_transaction_reply(R"({"entry": [{"response": {"status": 201}}]})").has_value());
    CHECK_FALSE(
        read_transaction_reply(R"({"entry": [{"response": {"status": "201", "location": ["x"]}}]})").has_value());
    const auto empty = read_transaction_reply(R"({"entry": []})");
    REQUIRE(empty.has_value());
    CHECK(empty->empty());
}

TEST_CASE("an outcome nested deeply and with every kind of value is kept whole") {
    const auto entries = read_transaction_reply(R"({"entry": [{"response": {"status": "422",
        "outcome": {"issue": [{"severity": "error", "code": "invalid", "diagnostics": "bad \"x\"",
                               "expression": ["QuestionnaireResponse.status"], "n": 1.5, "ok": false,
                               "none": null, "deep": {"a": [[{"b": -3}]]}}]}}}]})");
    REQUIRE(entries.has_value());
    REQUIRE(entries->size() == 1);
    const json outcome = json::parse((*entries)[0].outcome);
    const auto& issue = outcome["issue"][0];
    CHECK(issue["diagnostics"] == "bad \"x\"");
    CHECK(issue["expression"][0] == "QuestionnaireResponse.status");
    CHECK(issue["n"] == 1.5);
    CHECK(issue["ok"] == false);
    CHECK(issue["none"].is_null());
    CHECK(issue["deep"]["a"][0][0]["b"] == -3);
    CHECK((*entries)[0].status == "422");
}
