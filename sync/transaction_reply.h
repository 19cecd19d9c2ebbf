#pragma once
// Reading a FHIR transaction-response Bundle: the `response` part of each entry (status,
// location, outcome). Servers often echo every stored resource in the reply (Medplum ignores
// Prefer: return=minimal), which is most of its bytes; those are skipped as they are read, never
// built in memory.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alliance::sync {

struct EntryReply {
    bool has_response = false;  // the entry is an object with a `response` object
    std::string status;         // "201 Created", "200", ... ("" when missing)
    std::string location;       // "QuestionnaireResponse/123/_history/1" ("" when missing)
    std::string outcome;        // the OperationOutcome as JSON text ("" when missing or no object),
                                // read only for an entry that failed
};

// The entries in order; nullopt when the body is not JSON, not an object, has no `entry` array,
// or has a status or location that is not a string. `bundle_type`, when given, receives the
// Bundle's `type` ("transaction-response"), or "" when the body is no Bundle or has no type.
std::optional<std::vector<EntryReply>> read_transaction_reply(std::string_view body,
                                                              std::string* bundle_type = nullptr);

}  // namespace alliance::sync
