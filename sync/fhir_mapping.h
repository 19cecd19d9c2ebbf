#pragma once
// A frozen kiosk response as FHIR R4 resources (sync/README.md, "What the server receives"):
// one QuestionnaireResponse plus one Observation per score, sent together in a transaction
// Bundle whose entries are conditional creates, so that sending the same response twice (after
// a lost reply, a crash, a retry) never stores it twice.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/config.h"
#include "core/questionnaire/response.h"
#include "sync/json_text.h"

namespace alliance::sync::fhir {

// Identifier systems. The session UUID is globally unique, so it is an RFC 3986 URN; the others
// are local to the clinic's kiosks and use this project's URN namespace. (score_system is the
// score Observations' identifier system, kept since conditional creates match on it; their
// code is in score_code_system.)
inline constexpr const char* uuid_system = "urn:ietf:rfc:3986";
inline constexpr const char* kiosk_system = "urn:alliance-kiosk:kiosk";
inline constexpr const char* visit_code_system = "urn:alliance-kiosk:visit-code";
inline constexpr const char* score_system = "urn:alliance-kiosk:score";
inline constexpr const char* follow_up_system = "urn:alliance-kiosk:follow-up";
// A therapist without a clinic identifier or reference in the config: [[kiosk.therapists]] id
// under this system (unique within the clinic's own server only).
inline constexpr const char* therapist_system = "https://alliance-kiosk.org/fhir/sid/therapist";
// The therapist seen, on the QuestionnaireResponse and on every score Observation: an extension
// holding a Practitioner reference (sync/README.md, "The therapist": why not performer or focus).
// Published with its SearchParameter in content/fhir/.
inline constexpr const char* therapist_extension = "https://alliance-kiosk.org/fhir/StructureDefinition/therapist-seen";
// The score codes goal, task, bond and total (content/fhir/CodeSystem-score.json). A subscale a
// clinic declares itself is not in it and keeps score_system as its code system.
inline constexpr const char* score_code_system = "https://alliance-kiosk.org/fhir/CodeSystem/score";
inline constexpr const char* score_code_system_version = "1.0.0";
// The low-alliance flag: a tag on the QuestionnaireResponse (searchable as _tag on any server)
// and the v3 interpretation "L" on the score Observations of the low parts.
inline constexpr const char* flag_tag_system = "https://alliance-kiosk.org/fhir/CodeSystem/feedback-flag";
inline constexpr const char* flag_tag_code = "low-alliance";
inline constexpr const char* interpretation_system =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

// An Encounter found on the server for a visit code ([sync] resolve_encounter, encounter_link.h).
struct EncounterLink {
    std::string reference;          // "Encounter/123"
    std::string subject_reference;  // the Encounter's subject ("Patient/9"); "" when it has none
};

// What the mapping takes from the config.
struct MappingOptions {
    std::vector<Therapist> therapists;  // [[kiosk.therapists]], for their identifiers or references
    // [fleet]: the therapists pulled from the server (fleet/therapists.json), whose references are
    // literal (Practitioner/<id>). Looked up before `therapists`, as the kiosk shows them instead.
    // The FHIR target re-reads the file when it changes (a pull while `run` goes on).
    std::vector<Therapist> pulled_therapists;
    std::filesystem::path pulled_therapists_file;  // empty: [fleet] off
    bool follow_up_task = false;                   // [report] follow_up = "task"
    // Resources with ids (QuestionnaireResponse: the session id; Observation: "<session
    // id>-<score>"), as a Bulk Data export has them (`export --format fhir-ndjson`).
    bool resource_ids = false;
    // [sync] max_transaction_entries: the most entries one transaction Bundle may hold (0: no
    // limit). A response with more entries is sent in several transactions (transaction_plan).
    std::size_t max_transaction_entries = 0;
    // [sync] encounter_identifier_system and device_identifier_system: the visit code as the
    // EHR's Encounter identifier, the kiosk id as its Device identifier.
    std::string encounter_system = visit_code_system;
    std::string device_system = kiosk_system;
    bool resolve_encounter = false;  // [sync] resolve_encounter: the FHIR target fills `encounters`
    // Visit code -> the one Encounter the server holds for it: the response and its scores get a
    // literal encounter reference and the Encounter's subject. A visit code not here keeps the
    // logical reference by identifier.
    std::map<std::string, EncounterLink> encounters;
    // The questionnaires the kiosk shows (the configured one, the one pulled with [fleet]). A
    // response frozen without its answers' groups (a walked-away or crash-closed session: the
    // store freezes those without the questionnaire) is nested by the one with its url and
    // version, in its display order; without a match it stays flat.
    std::vector<Questionnaire> questionnaires;
};

// "identifier=<system>|<value>", percent-encoded: the conditional create's condition, and the
// search that confirms a response is on the server.
std::string identifier_query(const std::string& system, const std::string& value);
// "urn:uuid:<session id>": the QuestionnaireResponse's identifier value.
std::string response_identifier_value(const Response& r);
// "<session id>:<subscale>": the score Observation's identifier value (system score_system).
std::string score_identifier_value(const Response& r, const std::string& subscale);

// The resources are written as JSON text (one object each); the nlohmann::json forms below are
// the same text parsed, for tests and tools.
void write_questionnaire_response(JsonText& out, const Response& r, const MappingOptions& options = {});
// `response_full_url` is the QuestionnaireResponse entry's fullUrl ("urn:uuid:..."), which the
// server replaces by the stored resource's reference.
void write_score_observation(JsonText& out, const Response& r, const std::string& subscale, double score,
                             const std::string& response_full_url, const MappingOptions& options = {});
// The follow-up Task of a flagged response (fhir_follow_up.cpp), owned by the therapist.
void write_follow_up_task(JsonText& out, const Response& r, const std::string& response_full_url,
                          const MappingOptions& options);
nlohmann::json questionnaire_response(const Response& r, const MappingOptions& options = {});
nlohmann::json score_observation(const Response& r, const std::string& subscale, double score,
                                 const std::string& response_full_url, const MappingOptions& options = {});
// Writes the therapist as a Reference (a literal reference, or a logical one by identifier).
void write_therapist_reference(JsonText& out, const Response& r, const MappingOptions& options);
// True when the response was flagged at completion.
inline bool is_flagged(const Response& r) { return r.low_alliance && !r.low_alliance->empty(); }

// Which response each entry of a transaction belongs to, so per-entry outcomes can be mapped back.
struct EntryOwner {
    std::size_t response_index = 0;
    bool is_questionnaire_response = false;  // else a score Observation or a follow-up Task
};

struct Transaction {
    std::string body;                // the Bundle as JSON text
    std::vector<EntryOwner> owners;  // one per bundle entry, in order
};

// The entries of one response: its QuestionnaireResponse (entry 0), one Observation per score in
// the order of Response::scores, then its follow-up Task when it has one.
std::size_t entry_count(const Response& r, const MappingOptions& options = {});

// A slice [first, end) of one response's entries, sent in one transaction.
struct ResponsePart {
    std::size_t response_index = 0;
    std::size_t first = 0;
    std::size_t end = 0;
    // When the slice does not hold the QuestionnaireResponse (first > 0): the stored response's
    // literal reference ("QuestionnaireResponse/123"), which its Observations derive from and
    // its Task focuses on, learnt from the transaction that created (or found) it.
    std::string response_reference{};
};

// The transactions that carry `responses` in order, none with more than
// options.max_transaction_entries entries (0: one transaction for all). Whole responses are
// packed together while they fit; a response with more entries than the limit is split into
// consecutive parts, its QuestionnaireResponse in the first, so that each later part can refer to
// it by the reference the first one's reply gives.
std::vector<std::vector<ResponsePart>> transaction_plan(const std::vector<const Response*>& responses,
                                                        const MappingOptions& options = {});

// A transaction Bundle for `responses` (oldest first). Each fullUrl is a fresh random UUID,
// never the session UUID: a transaction rewrites every occurrence of an entry's fullUrl in the
// Bundle, and an identifier rewritten that way would stop the conditional create from matching.
// With options.follow_up_task, a flagged response also gets its Task (conditional create on the
// session, so exactly one however often it is sent).
Transaction transaction_bundle(const std::vector<const Response*>& responses, const MappingOptions& options = {});
// The transaction Bundle of `parts` of `responses` (one element of transaction_plan). The
// conditional creates are the same as when each response goes whole: sending a part again, or
// the whole response after its parts, stores nothing twice.
Transaction transaction_bundle(const std::vector<const Response*>& responses, const std::vector<ResponsePart>& parts,
                               const MappingOptions& options = {});

}  // namespace alliance::sync::fhir
