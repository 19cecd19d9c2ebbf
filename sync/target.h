#pragma once
// Where responses go ([sync] kind): a FHIR server (transaction Bundles) or a plain JSON endpoint.
// A target sends one batch and says, per response, what became of it; the uploader decides what
// to do next (mark, isolate, back off).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/response.h"
#include "sync/auth.h"
#include "sync/fhir_mapping.h"
#include "sync/http_client.h"

namespace alliance::sync {

enum class Verdict {
    sent,      // the server holds it (newly created or already there)
    rejected,  // the server refuses this record; sending it again will not help
    retry,     // no fault of the record: try again later
};

struct RecordOutcome {
    Verdict verdict = Verdict::retry;
    std::string detail;  // sent: the server's id ("QuestionnaireResponse/123"); else the reason
};

struct BatchResult {
    enum class Kind {
        per_record,     // `records` holds one outcome per response sent
        refused_whole,  // a 4xx for the batch as a whole: some record in it is bad, not said which
        retry,          // the batch did not get through: try all of it later
    };
    Kind kind = Kind::retry;
    std::vector<RecordOutcome> records;
    std::string reason;                               // refused_whole and retry
    std::optional<std::chrono::seconds> retry_after;  // from a Retry-After header
};

class Target {
public:
    virtual ~Target() = default;
    virtual BatchResult send(const std::vector<const Response*>& batch) = 0;
};

// What an HTTP reply means for the batch, shared by the targets: a reply that is not 2xx becomes
// refused_whole (400, 409, 410, 412, 413, 422: the content is at fault) or retry (everything
// else: 5xx, 429, 408, and 401/403/404 which point at the configuration, not at a record).
// Returns nullopt for a 2xx reply, which the target reads itself.
std::optional<BatchResult> classify_reply(const HttpResponse& reply, const std::string& url);

// Sends `request` with credentials. Returns the verdict for the whole batch when the reply is not
// 2xx or no credentials could be had; otherwise nullopt, with the reply's body in `body`.
std::optional<BatchResult> post_batch(HttpClient& http, Auth& auth, HttpRequest request, std::string& body);

// The text of an OperationOutcome (severity, code, details/diagnostics, expression), or the
// start of the body when it is not one.
std::string operation_outcome_text(const std::string& body);

// Seconds from a Retry-After value: delta-seconds or an HTTP-date; nullopt when unreadable.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now);

// POSTs a transaction Bundle to the FHIR base `url` (sync/fhir_target.cpp).
// `mapping` carries the therapists' references and the follow-up choice from the config.
std::unique_ptr<Target> make_fhir_target(const std::string& url, HttpClient& http, Auth& auth,
                                         fhir::MappingOptions mapping = {});
// POSTs a JSON array of responses to `url` with an Idempotency-Key (sync/json_target.cpp).
std::unique_ptr<Target> make_json_target(const std::string& url, HttpClient& http, Auth& auth);
// The target for `sync.kind` ("fhir" or "json"); `http` and `auth` must outlive it.
std::unique_ptr<Target> make_target(const SyncSettings& sync, HttpClient& http, Auth& auth,
                                    fhir::MappingOptions mapping = {});
// The mapping options of `config`: its therapists and [report] follow_up.
fhir::MappingOptions mapping_options(const Config& config);

}  // namespace alliance::sync
