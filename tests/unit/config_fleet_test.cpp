// [fleet]: off by default; each key read, checked and refused with its name when wrong.
#include <doctest/doctest.h>

#include "config_refusal.h"
#include "core/config/config.h"

using namespace alliance;
using alliance::test::refusal;

namespace {

const std::string fhir_sync = "[sync]\nkind = \"fhir\"\nurl = \"https://fhir.example.org/r4\"\n";

Config fleet(const std::string& keys) { return parse_config(fhir_sync + "[fleet]\n" + keys, "kiosk.toml"); }

}  // namespace

TEST_CASE("without [fleet] nothing is pulled: the section is off with no questionnaire or organization") {
    const Config c = parse_config(fhir_sync, "kiosk.toml");
    CHECK_FALSE(c.fleet.enabled);
    CHECK(c.fleet.questionnaire_url.empty());
    CHECK(c.fleet.questionnaire_version.empty());
    CHECK(c.fleet.organization.empty());
    CHECK(c.fleet.interval_seconds == 300);
    CHECK(c.fleet.device_interval_seconds == 300);
    CHECK(c.fleet.silent_after_minutes == 30);
}

TEST_CASE("every [fleet] key is read") {
    const Config c = fleet(
        "enabled = true\nquestionnaire_url = \"https://clinic.example.org/Questionnaire/alliance-check\"\n"
        "questionnaire_version = \"2.1\"\norganization = \"clinic-north\"\ninterval_seconds = 900\n"
        "device_interval_seconds = 120\nsilent_after_minutes = 60\n");
    CHECK(c.fleet.enabled);
    CHECK(c.fleet.questionnaire_url == "https://clinic.example.org/Questionnaire/alliance-check");
    CHECK(c.fleet.questionnaire_version == "2.1");
    CHECK(c.fleet.organization == "clinic-north");
    CHECK(c.fleet.interval_seconds == 900);
    CHECK(c.fleet.device_interval_seconds == 120);
    CHECK(c.fleet.silent_after_minutes == 60);
}

TEST_CASE("enabled needs a FHIR server to pull from") {
    CHECK(refusal("[sync]\nkind = \"off\"\n[fleet]\nenabled = true\norganization = \"c1\"\n") ==
          "kiosk.toml: [fleet] enabled: expected true only with [sync] kind = \"fhir\" (the content is pulled from "
          "that server), got [sync] kind = \"off\" (line 4)");
}

TEST_CASE("enabled alone is accepted: the kiosk reports its health and pulls nothing") {
    const Config c = fleet("enabled = true\n");
    CHECK(c.fleet.enabled);
    CHECK(c.fleet.questionnaire_url.empty());
    CHECK(c.fleet.organization.empty());
}

TEST_CASE("a Device update more often than a minute or rarer than an hour is refused") {
    CHECK(refusal(fhir_sync + "[fleet]\ndevice_interval_seconds = 30\n")
              .find("[fleet] device_interval_seconds: expected a whole number from 60 to 3600") != std::string::npos);
    CHECK(refusal(fhir_sync + "[fleet]\ndevice_interval_seconds = 7200\n").find("[fleet] device_interval_seconds") !=
          std::string::npos);
}

TEST_CASE("a silence threshold under five minutes is refused: kiosks report every few minutes") {
    CHECK(refusal(fhir_sync + "[fleet]\nsilent_after_minutes = 2\n")
              .find("[fleet] silent_after_minutes: expected a whole number from 5 to 10080") != std::string::npos);
}

TEST_CASE("a questionnaire_url with a space or & is refused: it goes into a search URL") {
    CHECK(refusal(fhir_sync + "[fleet]\nquestionnaire_url = \"https://x.org/Q a\"\n")
              .find("[fleet] questionnaire_url: expected the Questionnaire's canonical URL") != std::string::npos);
    CHECK(refusal(fhir_sync + "[fleet]\nquestionnaire_url = \"https://x.org/Q?a=1&b=2\"\n")
              .find("[fleet] questionnaire_url") != std::string::npos);
}

TEST_CASE("questionnaire_version alone is refused: the version of which questionnaire?") {
    CHECK(refusal(fhir_sync + "[fleet]\nquestionnaire_version = \"2\"\n")
              .find("[fleet] questionnaire_version: expected this key only with questionnaire_url") !=
          std::string::npos);
}

TEST_CASE("an organization that is not a FHIR id is refused") {
    CHECK(refusal(fhir_sync + "[fleet]\norganization = \"Organization/clinic-north\"\n")
              .find("[fleet] organization: expected the id of the clinic's Organization resource") !=
          std::string::npos);
}

TEST_CASE("a pull interval under a minute is refused: the server is shared by every kiosk") {
    CHECK(refusal(fhir_sync + "[fleet]\ninterval_seconds = 10\n").find("[fleet] interval_seconds") !=
          std::string::npos);
}

TEST_CASE("a [fleet] key below [sync] is refused naming [fleet]") {
    CHECK(refusal(fhir_sync + "organization = \"c1\"\n").find("[fleet]") != std::string::npos);
}
