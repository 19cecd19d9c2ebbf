#pragma once
// A frozen kiosk response as FHIR R4 resources (sync/README.md, "What the server receives"):
// one QuestionnaireResponse plus one Observation per score, sent together in a transaction
// Bundle whose entries are conditional creates, so that sending the same response twice (after
// a lost reply, a crash, a retry) never stores it twice.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/response.h"
#include "sync/json_text.h"

namespace alliance::sync::fhir {

// Identifier systems. The session UUID is globally unique, so it is an RFC 3986 URN; the others
// are local to the clinic's kiosks and use this project's URN namespace.
inline constexpr const char* uuid_system = "urn:ietf:rfc:3986";
inline constexpr const char* kiosk_system = "urn:alliance-kiosk:kiosk";
inline constexpr const char* therapist_system = "urn:alliance-kiosk:therapist";
inline constexpr const char* visit_code_system = "urn:alliance-kiosk:visit-code";
inline constexpr const char* score_system = "urn:alliance-kiosk:score";
// The therapist seen: an extension on the QuestionnaireResponse holding a Practitioner logical
// reference (QuestionnaireResponse has no element for "the clinician this is about").
inline constexpr const char* therapist_extension = "urn:alliance-kiosk:fhir:StructureDefinition:therapist-seen";

// "identifier=<system>|<value>", percent-encoded: the conditional create's condition, and the
// search that confirms a response is on the server.
std::string identifier_query(const std::string& system, const std::string& value);
// "urn:uuid:<session id>": the QuestionnaireResponse's identifier value.
std::string response_identifier_value(const Response& r);
// "<session id>:<subscale>": the score Observation's identifier value (system score_system).
std::string score_identifier_value(const Response& r, const std::string& subscale);

// The resources are written as JSON text (one object each); the nlohmann::json forms below are
// the same text parsed, for tests and tools.
void write_questionnaire_response(JsonText& out, const Response& r);
// `response_full_url` is the QuestionnaireResponse entry's fullUrl ("urn:uuid:..."), which the
// server replaces by the stored resource's reference.
void write_score_observation(JsonText& out, const Response& r, const std::string& subscale, double score,
                             const std::string& response_full_url);
nlohmann::json questionnaire_response(const Response& r);
nlohmann::json score_observation(const Response& r, const std::string& subscale, double score,
                                 const std::string& response_full_url);

// Which response each entry of a transaction belongs to, so per-entry outcomes can be mapped back.
struct EntryOwner {
    std::size_t response_index = 0;
    bool is_questionnaire_response = false;
};

struct Transaction {
    std::string body;                // the Bundle as JSON text
    std::vector<EntryOwner> owners;  // one per bundle entry, in order
};

// A transaction Bundle for `responses` (oldest first). Each fullUrl is a fresh random UUID,
// never the session UUID: a transaction rewrites every occurrence of an entry's fullUrl in the
// Bundle, and an identifier rewritten that way would stop the conditional create from matching.
Transaction transaction_bundle(const std::vector<const Response*>& responses);

}  // namespace alliance::sync::fhir
