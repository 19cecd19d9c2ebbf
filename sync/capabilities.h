#pragma once
// What the FHIR server says it can do (GET <url>/metadata, its CapabilityStatement), as far as
// alliance-sync depends on it (sync/README.md, "Checking the connection"): transactions,
// conditional create of QuestionnaireResponse and Observation (without it every retry after a
// lost reply would store a response again), search by `identifier` (the condition of those
// creates) and $validate. `check` reports each; `push` and `run` refuse a server that announces
// no conditional create unless [sync] allow_without_conditional_create says IT knows.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.h"
#include "sync/auth.h"
#include "sync/http_client.h"

namespace alliance::sync {

struct ResourceCapability {
    bool listed = false;              // the type is in rest[mode=server].resource
    bool conditional_create = false;  // conditionalCreate: true
    bool identifier_search = false;   // a searchParam named "identifier"
    bool validate = false;            // an operation named "validate" on the type
};

struct ServerCapabilities {
    std::string fhir_version;      // "4.0.1"
    std::string software;          // software.name ("" when absent)
    bool transaction = false;      // rest[mode=server].interaction has "transaction"
    bool system_validate = false;  // rest[mode=server].operation has "validate"
    ResourceCapability questionnaire_response;
    ResourceCapability observation;
};

// Reads a CapabilityStatement; nullopt when the body is not one. Safe on any bytes.
std::optional<ServerCapabilities> read_capability_statement(std::string_view body);

// GET <url>/metadata and its reading; nullopt (with `problem` set) when the server did not
// answer with a CapabilityStatement. `status`, when given, receives the HTTP status (0: none).
std::optional<ServerCapabilities> fetch_capabilities(const std::string& url, HttpClient& http, Auth& auth,
                                                     std::string& problem, long* status = nullptr);

// The reason `push` and `run` will not send to this server, or "" when they will: the server
// announces no conditional create for QuestionnaireResponse or Observation and
// [sync] allow_without_conditional_create is false. `config_label` names the config file.
std::string conditional_create_refusal(const ServerCapabilities& caps, const SyncSettings& sync,
                                       const std::string& config_label);

}  // namespace alliance::sync
