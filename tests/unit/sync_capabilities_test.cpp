// Reading the server's CapabilityStatement (what `check` reports and `push` relies on), safely
// whatever the server sends, and the refusal of a server without conditional create.
#include <doctest/doctest.h>

#include <string>

#include "sync/capabilities.h"

using namespace alliance;
using namespace alliance::sync;

namespace {

const std::string full = R"({"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","software":{"name":"HAPI FHIR"},
  "rest":[{"mode":"client","interaction":[{"code":"transaction"}]},
          {"mode":"server","interaction":[{"code":"transaction"}],
           "resource":[{"type":"QuestionnaireResponse","conditionalCreate":true,"searchParam":[{"name":"identifier"}],
                        "operation":[{"name":"validate"}]},
                       {"type":"Observation","conditionalCreate":true,"searchParam":[{"name":"code"},{"name":"identifier"}]}]}]})";

}  // namespace

TEST_CASE("a CapabilityStatement gives transactions, conditional create, identifier search and validate per type") {
    const auto caps = read_capability_statement(full);
    REQUIRE(caps);
    CHECK(caps->fhir_version == "4.0.1");
    CHECK(caps->software == "HAPI FHIR");
    CHECK(caps->transaction);
    CHECK(caps->questionnaire_response.conditional_create);
    CHECK(caps->questionnaire_response.identifier_search);
    CHECK(caps->questionnaire_response.validate);
    CHECK(caps->observation.conditional_create);
    CHECK(caps->observation.identifier_search);
    CHECK_FALSE(caps->observation.validate);
    CHECK_FALSE(caps->system_validate);
}

TEST_CASE("a hostile or partial CapabilityStatement announces nothing rather than failing") {
    CHECK_FALSE(read_capability_statement("<html>login</html>"));
    CHECK_FALSE(read_capability_statement(std::string("\0\xff", 2)));
    CHECK_FALSE(read_capability_statement(R"({"resourceType":"Bundle"})"));
    const auto odd = read_capability_statement(
        R"({"resourceType":"CapabilityStatement","fhirVersion":4,"software":"x","rest":[7,{"mode":"server","interaction":"transaction",
           "resource":[null,{"type":"Observation","conditionalCreate":"true","searchParam":{"name":"identifier"}}]}]})");
    REQUIRE(odd);
    CHECK(odd->fhir_version.empty());
    CHECK(odd->software.empty());
    CHECK_FALSE(odd->transaction);
    CHECK(odd->observation.listed);
    CHECK_FALSE(odd->observation.conditional_create);  // a string is not true
    CHECK_FALSE(odd->observation.identifier_search);
}

TEST_CASE("a server without conditional create is refused, naming the key that allows it, unless allowed") {
    SyncSettings sync;
    sync.url = "https://fhir.example/r4";
    auto caps = read_capability_statement(full);
    REQUIRE(caps);
    CHECK(conditional_create_refusal(*caps, sync, "kiosk.toml").empty());
    caps->observation.conditional_create = false;
    const std::string refusal = conditional_create_refusal(*caps, sync, "kiosk.toml");
    CHECK(refusal.find("kiosk.toml: [sync] allow_without_conditional_create: the server (https://fhir.example/r4) "
                       "does not announce conditional create for Observation") == 0);
    sync.allow_without_conditional_create = true;
    CHECK(conditional_create_refusal(*caps, sync, "kiosk.toml").empty());
}
