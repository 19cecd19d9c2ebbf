// The [fleet] section: what alliance-sync pulls from the clinic's FHIR server so that a group of
// kiosks is run from one place (kiosk/README.md, "Fleet"), and this kiosk's health reported there.
// Off unless `enabled = true`; then it needs a FHIR server.
#include <regex>

#include "core/config/config.h"
#include "core/config/config_reader.h"

namespace alliance::config_detail {
namespace {

// A FHIR id (R4: [A-Za-z0-9\-\.]{1,64}); it goes into a search URL, so nothing else may pass.
bool is_fhir_id(const std::string& text) {
    static const std::regex id("[A-Za-z0-9.-]{1,64}");
    return text.size() <= 64 && std::regex_match(text, id);
}

// A canonical URL goes into a search URL too: printable, no spaces, no characters that would
// end or split the query.
bool is_canonical_url(const std::string& text) {
    if (text.empty() || text.size() > 1024 || text.find(':') == std::string::npos) return false;
    for (unsigned char c : text)
        if (c <= ' ' || c >= 0x7f || c == '&' || c == '#' || c == '|' || c == ',') return false;
    return true;
}

bool is_version(const std::string& text) {
    if (text.empty() || text.size() > 64) return false;
    for (unsigned char c : text)
        if (c <= ' ' || c >= 0x7f || c == '&' || c == '#' || c == '|' || c == ',') return false;
    return true;
}

}  // namespace

void read_fleet(TableReader& reader, FleetSettings& fleet, const SyncSettings& sync) {
    reader.boolean("enabled", fleet.enabled);
    reader.string("questionnaire_url", fleet.questionnaire_url);
    if (!fleet.questionnaire_url.empty() && !is_canonical_url(fleet.questionnaire_url)) {
        reader.fail_value("questionnaire_url",
                          "the Questionnaire's canonical URL, such as \"https://clinic.example.org/Questionnaire/"
                          "alliance-check\" (no spaces, &, #, | or ,)");
    }
    reader.string("questionnaire_version", fleet.questionnaire_version);
    if (!fleet.questionnaire_version.empty() && !is_version(fleet.questionnaire_version)) {
        reader.fail_value("questionnaire_version", "a Questionnaire.version such as \"2.1\" (no spaces, &, #, | or ,)");
    }
    if (!fleet.questionnaire_version.empty() && fleet.questionnaire_url.empty()) {
        reader.fail("questionnaire_version",
                    "this key only with questionnaire_url (the version of which questionnaire?)", "it alone",
                    reader.take("questionnaire_version"));
    }
    reader.string("organization", fleet.organization);
    if (!fleet.organization.empty() && !is_fhir_id(fleet.organization)) {
        reader.fail_value("organization",
                          "the id of the clinic's Organization resource on the server, such as "
                          "\"clinic-north\" (letters, digits, - and ., at most 64)");
    }
    reader.integer("interval_seconds", fleet.interval_seconds, 60, 86400);
    reader.integer("device_interval_seconds", fleet.device_interval_seconds, 60, 3600);
    reader.integer("silent_after_minutes", fleet.silent_after_minutes, 5, 10080);
    reader.finish();
    if (!fleet.enabled) return;
    if (sync.kind != "fhir") {
        reader.fail("enabled", "true only with [sync] kind = \"fhir\" (the content is pulled from that server)",
                    "[sync] kind = \"" + sync.kind + "\"", reader.take("enabled"));
    }
}

}  // namespace alliance::config_detail
