#pragma once
// `alliance-sync publish`: the project's FHIR definitions (content/fhir/: CodeSystems,
// StructureDefinitions, the SearchParameter; and the configured Questionnaire) put on the clinic's
// server, idempotently: a definition already there with the same url and version and the same
// content is left alone; one that is missing is created by a conditional update on url+version;
// a *different* resource with the same url and version is never overwritten (a published version
// must not change under the responses that cite it). `check` reports the same comparison.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/http_client.h"

namespace alliance::sync {

struct Definition {
    std::string file;
    std::string type, url, version;
    nlohmann::json resource;
};

// content_dir/fhir/*.json (by name) and the configured questionnaire. Throws ConfigError naming
// the file when one is not JSON or lacks resourceType, url or version.
std::vector<Definition> load_definitions(const Config& config);

enum class DefinitionState {
    missing,    // no resource with that url and version
    same,       // there, with the same content
    different,  // there, with other content: refused
    ambiguous,  // more than one: refused
};

struct DefinitionOutcome {
    const Definition* definition = nullptr;
    DefinitionState state = DefinitionState::missing;
    std::string server_id;  // "CodeSystem/123" when there
    bool created = false;   // publish created it
};

// Looks each definition up (GET <type>?url=...&version=...); with `create`, creates the missing
// ones (PUT <type>?url=...&version=..., a conditional update). Throws std::runtime_error naming
// the URL when the server cannot be asked.
std::vector<DefinitionOutcome> sync_definitions(HttpClient& http, Auth& auth, const std::string& base_url,
                                                const std::vector<Definition>& definitions, bool create);

// One line per outcome: "[ ok ] CodeSystem https://...|1.0.0: already on the server (CodeSystem/score)".
std::string format_outcome(const DefinitionOutcome& o);

}  // namespace alliance::sync
