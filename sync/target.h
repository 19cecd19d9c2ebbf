#pragma once
// Where responses go ([sync] kind): a FHIR server (transaction Bundles) or a plain JSON endpoint.
// A target sends one batch and says, per response, what became of it; the uploader decides what
// to do next (mark, isolate, back off).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/questionnaire/response.h"
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
    std::string detail;     // sent: the server's id ("QuestionnaireResponse/123"); else the reason
    std::string warning{};  // sent, but something for IT to look at (logged)
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
    // retry: the server answered with an error that a record can cause (500, 501, 505..599); not
    // a transport failure, 502/503/504 (a gateway or a server that is down), 429 or 401/403/404.
    // Only such failures, of a response sent alone, count towards [sync] max_attempts.
    bool record_may_be_at_fault = false;
};

class Target {
public:
    virtual ~Target() = default;
    virtual BatchResult send(const std::vector<const Response*>& batch) = 0;
};

// What an HTTP reply means for the batch, shared by the targets: a reply that is not 2xx becomes
// refused_whole (400, 410, 412, 413, 422: the content is at fault) or retry (everything else:
// 5xx, 429, 408, 409 (two conditional creates of the same resource at once: the next attempt
// finds it), and 401/403/404 which point at the configuration, not at a record).
// Returns nullopt for a 2xx reply, which the target reads itself.
std::optional<BatchResult> classify_reply(const HttpResponse& reply, const std::string& url);

// Sends `request` with credentials. Returns the verdict for the whole batch when the reply is not
// 2xx or no credentials could be had; otherwise nullopt, with the reply's body in `body`. `status`
// is the HTTP status whenever a reply arrived. A 2xx alone proves nothing (a proxy's login page is a 200): the target
// reads the body for proof and calls unproven_reply when there is none.
std::optional<BatchResult> post_batch(HttpClient& http, Auth& auth, HttpRequest request, std::string& body,
                                      long& status);

// The retry for a 2xx reply that does not prove delivery (`expected` says what would have), with
// the likely cause: a proxy or login portal answered, or the URL is not the upload endpoint.
BatchResult unproven_reply(long status, const std::string& url, const std::string& body, const std::string& expected);

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
// The therapists in `file` (fleet/therapists.json), or none if it is missing or unreadable.
std::vector<Therapist> read_pulled_therapists(const std::filesystem::path& file);

}  // namespace alliance::sync
