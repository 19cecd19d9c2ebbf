#pragma once
// [fleet]: pulls the questionnaire and the therapist list from the clinic's FHIR server into the
// data directory (core/content/fleet_content.h), for the kiosk to switch to at its next welcome screen.
//
// What is read (sync/README.md, "Fleet: what the server holds"):
//   Questionnaire?url=<questionnaire_url>[&version=<questionnaire_version>]
//       pinned: that version; else the newest `active` one (highest version, numbers compared as
//       numbers; equal versions: the last updated)
//   PractitionerRole?organization=Organization/<organization>
//       the roles with active = true name the therapists, by their `practitioner` reference
//   Practitioner?_id=<those ids>
//       a practitioner with active = false is left out; the name is name[0].text, else the given
//       names and the family name
// After one full pull, a pull first asks whether anything changed since: ONE batch request with
// a `_summary=count` search per kind, `_lastUpdated=gt<newest seen>`. An unchanged server costs
// that one small request; a kind that changed is fetched again in full.
//
// Whatever is wrong (server unreachable, a refused questionnaire, a missing translation, a role
// naming no practitioner) leaves the last good files in place and is written to status.json.
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/config/config.h"
#include "core/content/fleet_content.h"
#include "sync/auth.h"
#include "sync/http_client.h"
#include "sync/log.h"

namespace alliance::sync {

struct FleetPullReport {
    int requests = 0;
    bool questionnaire_written = false;
    bool therapists_written = false;
    std::string problem;  // empty: everything pulled was usable (or unchanged)

    // Adds `more` to the problem ("; " between two).
    void add_problem(const std::string& more) { problem = problem.empty() ? more : problem + "; " + more; }
};

class FleetPuller {
public:
    FleetPuller(Config config, HttpClient& http, Auth& auth, const Clock& clock, const Log& log);
    // One pull; writes the files that changed and status.json. Never throws for what the server
    // holds or for the network; a data directory that cannot be written is reported as a problem.
    FleetPullReport pull();

private:
    // The newest meta.lastUpdated seen per kind in the last full fetch; empty: fetch in full.
    struct Seen {
        bool fetched = false;
        std::string last_updated;
    };
    struct Probe;
    bool probe_unchanged(FleetPullReport& report);
    void pull_questionnaire(FleetPullReport& report, fleet::PullStatus& status);
    void pull_therapists(FleetPullReport& report, fleet::PullStatus& status);  // fleet_therapists.cpp
    // Sends `request` (counted in the report); nullopt, with the problem added, when no reply came.
    std::optional<HttpResponse> send(HttpRequest request, FleetPullReport& report);
    // GET base/<query>; true with the body of a 200 reply, else false with the problem added.
    bool get(const std::string& query, FleetPullReport& report, std::string& body);

    Config config_;
    HttpClient& http_;
    Auth& auth_;
    const Clock& clock_;
    const Log& log_;
    Seen questionnaire_, roles_, practitioners_;
    std::string practitioner_ids_;  // "a,b,c": the practitioners of the active roles
};

// -1, 0, 1: "1.10" > "1.9" (dot-separated numbers compared as numbers, other parts as text).
int compare_versions(const std::string& a, const std::string& b);

}  // namespace alliance::sync
