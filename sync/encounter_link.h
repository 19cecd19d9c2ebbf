#pragma once
// [sync] resolve_encounter (sync/README.md, "Linkage to the EHR"): before a response goes up, the
// Encounter the clinic's EHR holds for its visit code is searched by identifier. Exactly one match
// gives the response (and its scores) a literal encounter reference and the Encounter's subject,
// so the EHR finds them with the patient's other records; none or several keep the logical
// reference by the visit code. The search never holds an upload back, and the kiosk itself
// still knows no patient identity: the subject comes from the server, at upload time.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/questionnaire/response.h"
#include "sync/auth.h"
#include "sync/fhir_mapping.h"
#include "sync/http_client.h"

namespace alliance::sync {

// What a search for the Encounter of a visit code found.
struct EncounterSearch {
    std::size_t matches = 0;   // Encounters in the searchset (search.mode "match" or no mode)
    fhir::EncounterLink link;  // the first match (reference "" when its id is not a FHIR id)
};

// Reads a searchset Bundle of Encounters; nullopt when the body is not a Bundle. Any bytes are
// safe: a hostile server's reply gives nullopt or a count, never a crash or a thrown exception.
std::optional<EncounterSearch> read_encounter_search(std::string_view body);

// Looks up the visit codes of `batch` not yet in options.encounters (one search each) and
// records the single matches there. Returns, per index in `batch`, what IT should know when the
// response keeps the logical reference (no match, several, the search failed); the warnings name
// the response's session, never the visit code.
std::map<std::size_t, std::string> resolve_encounters(const std::string& base_url, HttpClient& http, Auth& auth,
                                                      const std::vector<const Response*>& batch,
                                                      fhir::MappingOptions& options);

}  // namespace alliance::sync
