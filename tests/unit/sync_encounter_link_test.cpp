// [sync] resolve_encounter: the search for a visit's Encounter, read safely whatever the server
// answers, and never in the way of the upload.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/encounter_link.h"

using namespace alliance;
using namespace alliance::sync;

namespace {

// Answers every search with `body`, counting the searches.
class FakeHttp final : public HttpClient {
public:
    HttpResponse reply;
    std::vector<std::string> urls;
    HttpResponse perform(const HttpRequest& request) override {
        urls.push_back(request.url);
        return reply;
    }
};

std::string searchset(const std::string& entries) {
    return R"({"resourceType":"Bundle","type":"searchset","entry":[)" + entries + "]}";
}

const std::string encounter_77 =
    R"({"resource":{"resourceType":"Encounter","id":"77","subject":{"reference":"Patient/9"}},"search":{"mode":"match"}})";

Response visit(const std::string& session, const std::string& code) {
    Response r;
    r.session_id = session;
    r.visit_code = code;
    return r;
}

}  // namespace

TEST_CASE("an Encounter search with one match gives its reference and subject; includes are not matches") {
    const auto found = read_encounter_search(
        searchset(encounter_77 + R"(,{"resource":{"resourceType":"Patient","id":"9"},"search":{"mode":"include"}})"));
    REQUIRE(found);
    CHECK(found->matches == 1);
    CHECK(found->link.reference == "Encounter/77");
    CHECK(found->link.subject_reference == "Patient/9");
    const auto two = read_encounter_search(searchset(encounter_77 + "," + encounter_77));
    REQUIRE(two);
    CHECK(two->matches == 2);
    CHECK(read_encounter_search(searchset(""))->matches == 0);
}

TEST_CASE("a hostile Encounter search reply gives no link: wrong types, odd ids, references and bytes") {
    CHECK_FALSE(read_encounter_search("not json"));
    CHECK_FALSE(read_encounter_search(std::string("\xff\xfe\0{", 4)));
    CHECK_FALSE(read_encounter_search(R"([{"resourceType":"Bundle"}])"));
    CHECK(read_encounter_search(R"({"resourceType":"Bundle","entry":7})")->matches == 0);
    CHECK(read_encounter_search(R"({"resourceType":"Bundle","entry":[1,"x",null,{"resource":[]}]})")->matches == 0);
    const auto odd = read_encounter_search(searchset(
        R"({"resource":{"resourceType":"Encounter","id":"../../x","subject":{"reference":"Patient/9\n{"}}})"));
    REQUIRE(odd);
    CHECK(odd->matches == 1);
    CHECK(odd->link.reference.empty());
    CHECK(odd->link.subject_reference.empty());
    const auto typed =
        read_encounter_search(searchset(R"({"resource":{"resourceType":"Encounter","id":77,"subject":"Patient/9"}})"));
    REQUIRE(typed);
    CHECK(typed->link.reference.empty());
}

TEST_CASE(
    "visit codes are looked up once, the single match linked, none or several kept as identifiers with a warning") {
    SyncSettings settings;
    settings.kind = "fhir";
    settings.url = "https://fhir.example/r4";
    const auto auth = make_auth(settings, "kiosk.toml");
    fhir::MappingOptions options;
    options.resolve_encounter = true;
    options.encounter_system = "http://ehr.example.org/fhir/sid/visit-number";
    FakeHttp http;
    http.reply.status = 200;
    http.reply.body = searchset(encounter_77);
    const Response a = visit("session-a", "V1"), b = visit("session-b", "V1"), none = visit("session-c", "");
    auto warnings = resolve_encounters(settings.url, http, *auth, {&a, &b, &none}, options);
    CHECK(warnings.empty());
    REQUIRE(http.urls.size() == 1);
    CHECK(http.urls[0] ==
          "https://fhir.example/r4/"
          "Encounter?identifier=http:%2F%2Fehr.example.org%2Ffhir%2Fsid%2Fvisit-number|V1&_count=2");
    CHECK(options.encounters.at("V1").reference == "Encounter/77");
    resolve_encounters(settings.url, http, *auth, {&a}, options);
    CHECK(http.urls.size() == 1);  // cached

    const Response c = visit("session-d", "V2");
    http.reply.body = searchset(encounter_77 + "," + encounter_77);
    warnings = resolve_encounters(settings.url, http, *auth, {&c}, options);
    REQUIRE(warnings.count(0) == 1);
    CHECK(warnings[0].find("response session-d: several Encounters") == 0);
    CHECK(warnings[0].find("V2") == std::string::npos);  // the visit code stays out of the log
    CHECK(options.encounters.count("V2") == 0);

    http.reply = HttpResponse{};
    http.reply.failure = TransportFailure::connect;
    http.reply.error = "Could not connect";
    warnings = resolve_encounters(settings.url, http, *auth, {&c}, options);
    CHECK(warnings[0].find("the Encounter search failed") != std::string::npos);

    options.resolve_encounter = false;
    const std::size_t before = http.urls.size();
    CHECK(resolve_encounters(settings.url, http, *auth, {&c}, options).empty());
    CHECK(http.urls.size() == before);
}
