// The report's reading of QuestionnaireResponses and its sums, without a server: what is read
// from a resource, what is refused and how, and how cells are counted and suppressed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/questionnaire/questionnaire_loader.h"
#include "sync/report_model.h"
#include "sync/report_records.h"

using namespace alliance;
using namespace alliance::sync;

namespace {

std::vector<ReportRecord> read_all(const std::string& json) {
    std::vector<ReportRecord> out;
    CHECK(read_resource(json, [&out](const ReportRecord& r) { out.push_back(r); }));
    return out;
}

Questionnaire shipped() {
    return load_questionnaire(std::string(ALLIANCE_SOURCE_DIR) + "/content/questionnaires/alliance-check.json");
}

ReportRecord record(const std::string& day, const std::string& therapist, int item_code, int rating) {
    ReportRecord r;
    r.status = "completed";
    r.questionnaire = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check";
    r.authored = day + "T10:00:00Z";
    r.therapist_key = therapist;
    for (const char* link : {"goal-known", "goal-shared", "task-plan", "task-home", "bond-listen", "bond-trust"})
        r.answers[link] = {Coding{"", std::to_string(item_code), ""}};
    r.answers["overall"] = {rating};
    r.answers["goal-discussed"] = {item_code != 3};
    return r;
}

}  // namespace

TEST_CASE(
    "a QuestionnaireResponse gives its status, questionnaire, time, therapist and answers, nested items flattened") {
    const auto records = read_all(R"({"resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": "https://x.org/Questionnaire/q|2.0", "authored": "2026-11-02T10:00:00Z",
        "extension": [{"url": "https://alliance-kiosk.org/fhir/StructureDefinition/therapist-seen",
                       "valueReference": {"type": "Practitioner", "identifier": {"system": "urn:npi", "value": "42"},
                                          "display": "Alex"}}],
        "item": [{"linkId": "group", "item": [{"linkId": "a", "answer": [{"valueCoding": {"code": "4"}}]}]},
                 {"linkId": "b", "answer": [{"valueInteger": 7, "item": [{"linkId": "c", "answer": [{"valueBoolean": true}]}]}]},
                 {"linkId": "d", "answer": [{"valueString": "hi"}, {"valueString": "there"}]}]})");
    REQUIRE(records.size() == 1);
    const ReportRecord& r = records[0];
    CHECK(r.status == "completed");
    CHECK(r.questionnaire == "https://x.org/Questionnaire/q");
    CHECK(r.therapist_key == "urn:npi|42");
    CHECK(r.therapist_name == "Alex");
    CHECK(std::get<Coding>(r.answers.at("a").front()).code == "4");
    CHECK(std::get<int>(r.answers.at("b").front()) == 7);
    CHECK(std::get<bool>(r.answers.at("c").front()));
    CHECK(r.answers.at("d").size() == 2);
}

TEST_CASE("the therapist extension of earlier versions and a literal reference are read too") {
    auto records = read_all(R"({"resourceType": "QuestionnaireResponse", "extension": [{"url":
        "urn:alliance-kiosk:fhir:StructureDefinition:therapist-seen", "valueReference": {"reference": "Practitioner/9"}}]})");
    REQUIRE(records.size() == 1);
    CHECK(records[0].therapist_key == "Practitioner/9");
}

TEST_CASE("other resource types are skipped and text that is not an object is reported") {
    CHECK(read_all(R"({"resourceType": "Observation", "status": "final"})").empty());
    CHECK_FALSE(read_resource("[1, 2]", [](const ReportRecord&) {}));
}

TEST_CASE("an element of the wrong type is refused naming the element, never its value") {
    CHECK_THROWS_WITH(
        read_resource(R"({"resourceType": "QuestionnaireResponse", "authored": 12})", [](const ReportRecord&) {}),
        "QuestionnaireResponse: element 'authored' has the wrong type");
}

TEST_CASE("a bad NDJSON line is reported with the file and line number") {
    const auto path = std::filesystem::temp_directory_path() / "alliance-report-test.ndjson";
    std::ofstream(path) << "{\"resourceType\": \"Patient\"}\n\nnot json\n";
    CHECK_THROWS_WITH(read_ndjson_file(path, [](const ReportRecord&) {}),
                      doctest::Contains("alliance-report-test.ndjson:3: not a JSON object"));
    std::filesystem::remove(path);
}

TEST_CASE("responses are summed per therapist-week and clinic week, flagged by the questionnaire's rule") {
    const Questionnaire q = shipped();
    ReportModel m(q, "2026-11-04", "2026-11-17", false);  // Wednesday to Tuesday: three weeks
    CHECK(m.week_starts == std::vector<std::string>{"2026-11-02", "2026-11-09", "2026-11-16"});
    CHECK(m.measures == std::vector<std::string>{"goal", "task", "bond", "total", "rating"});
    m.add(record("2026-11-04", "a", 5, 9));
    m.add(record("2026-11-05", "a", 3, 5));   // every item in the middle: flagged
    m.add(record("2026-11-10", "b", 4, 8));   // 24 of 30: below 27, flagged (total)
    m.add(record("2026-11-03", "a", 5, 10));  // before --from: left out
    ReportRecord other = record("2026-11-05", "a", 1, 0);
    other.questionnaire = "https://x.org/other";
    m.add(other);
    ReportRecord stopped = record("2026-11-06", "a", 1, 0);
    stopped.status = "stopped";
    m.add(stopped);
    CHECK(m.outside_period == 1);
    CHECK(m.other_questionnaire == 1);
    const Cell& a1 = m.therapists.at("a").weeks[0];
    CHECK(a1.completed == 2);
    CHECK(a1.stopped == 1);
    CHECK(a1.flagged == 1);
    CHECK(a1.means[3].value() == doctest::Approx(4.0));  // total: (5 + 3) / 2
    CHECK(a1.means[4].value() == doctest::Approx(7.0));  // rating
    CHECK(a1.not_discussed == 1);
    CHECK(m.clinic_period.completed == 3);
    CHECK(m.clinic_period.flagged == 2);
    REQUIRE(m.flagged.size() == 2);
    CHECK(m.flagged[0].low == 0b1111u);  // goal, task, bond and total low
    CHECK(m.flagged[1].low == 0b1000u);  // total only
    CHECK_FALSE(a1.shown(5));
    CHECK(a1.shown(2));
}

TEST_CASE("a period that ends before it starts, or a date not in the calendar, is refused naming the option") {
    const Questionnaire q = shipped();
    CHECK_THROWS_WITH(ReportModel(q, "2026-11-10", "2026-11-01", false),
                      doctest::Contains("--to 2026-11-01 is before --from"));
    CHECK_THROWS_WITH(ReportModel(q, "2026-02-30", "2026-03-01", false),
                      doctest::Contains("--from: \"2026-02-30\" is not a date"));
}

namespace {

// Two search pages: the first with an OperationOutcome entry (search mode outcome) before a
// response and a link to the second.
class PagedServer final : public HttpClient {
public:
    std::vector<std::string> urls;
    HttpResponse perform(const HttpRequest& request) override {
        urls.push_back(request.url);
        HttpResponse reply;
        reply.status = 200;
        if (urls.size() == 1) {
            reply.body = R"({"resourceType": "Bundle", "type": "searchset",
              "link": [{"relation": "self", "url": "https://fhir.example/QuestionnaireResponse?page=1"},
                       {"relation": "next", "url": "https://fhir.example/QuestionnaireResponse?page=2"}],
              "entry": [{"resource": {"resourceType": "OperationOutcome", "issue": [{"severity": "information",
                           "code": "informational", "details": {"text": "more"}}]}, "search": {"mode": "outcome"}},
                        {"fullUrl": "x", "resource": {"resourceType": "QuestionnaireResponse", "status": "completed",
                           "authored": "2026-11-02T10:00:00Z"}, "search": {"mode": "match"}}]})";
        } else {
            reply.body = R"({"resourceType": "Bundle", "type": "searchset", "entry": [{"resource":
              {"resourceType": "QuestionnaireResponse", "status": "stopped", "authored": "2026-11-03T10:00:00Z"}}]})";
        }
        return reply;
    }
};

}  // namespace

TEST_CASE("the server is searched by period and page size, following next links, other entries skipped") {
    PagedServer server;
    SyncSettings none;
    auto auth = make_auth(none, "test.toml");
    std::vector<std::string> statuses;
    const int pages = read_server(server, *auth, ServerQuery{"https://fhir.example", "2026-11-01", "2026-11-30", 50},
                                  [&](const ReportRecord& r) { statuses.push_back(r.status); });
    CHECK(pages == 2);
    CHECK(statuses == std::vector<std::string>{"completed", "stopped"});
    REQUIRE(server.urls.size() == 2);
    CHECK(server.urls[0] ==
          "https://fhir.example/QuestionnaireResponse?authored=ge2026-11-01&authored=le2026-11-30T23:59:59Z&_count=50");
    CHECK(server.urls[1] == "https://fhir.example/QuestionnaireResponse?page=2");
}
