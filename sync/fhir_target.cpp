// The FHIR target: one transaction Bundle per batch, conditional creates throughout, and the
// transaction-response read entry by entry to say what became of each response.
#include <nlohmann/json.hpp>

#include "sync/fhir_mapping.h"
#include "sync/target.h"
#include "sync/transaction_reply.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

// "201", "201 Created", "200 OK": the code is the leading number; 0 when there is none.
long entry_status(const EntryReply& entry) {
    if (!entry.has_response) return 0;
    try {
        return std::stol(entry.status);
    } catch (const std::exception&) {
        return 0;
    }
}

// "QuestionnaireResponse/123/_history/4" -> "QuestionnaireResponse/123"
std::string server_id(const EntryReply& entry) {
    std::string location = entry.location;
    const auto history = location.find("/_history/");
    if (history != std::string::npos) location.resize(history);
    return location;
}

Verdict worse(Verdict a, Verdict b) {
    auto rank = [](Verdict v) { return v == Verdict::sent ? 0 : v == Verdict::rejected ? 1 : 2; };
    return rank(a) >= rank(b) ? a : b;
}

class FhirTarget final : public Target {
public:
    FhirTarget(std::string url, HttpClient& http, Auth& auth, fhir::MappingOptions mapping)
        : url_(std::move(url)), http_(http), auth_(auth), mapping_(std::move(mapping)) {}

    BatchResult send(const std::vector<const Response*>& batch) override {
        const fhir::Transaction transaction = fhir::transaction_bundle(batch, mapping_);
        HttpRequest request;
        request.method = "POST";
        request.url = url_;
        request.headers = {{"Content-Type", "application/fhir+json"},
                           {"Accept", "application/fhir+json"},
                           {"Prefer", "return=minimal"}};
        request.body = transaction.body;
        std::string body;
        if (auto verdict = post_batch(http_, auth_, std::move(request), body)) return *verdict;
        try {
            return read_transaction_response(body, transaction.owners, batch.size());
        } catch (const json::exception&) {
            // Odd types inside a 2xx reply: committed all the same (see below).
            return BatchResult{BatchResult::Kind::per_record,
                               std::vector<RecordOutcome>(batch.size(), RecordOutcome{Verdict::sent, ""}), "",
                               std::nullopt};
        }
    }

private:
    static BatchResult read_transaction_response(const std::string& body, const std::vector<fhir::EntryOwner>& owners,
                                                 std::size_t responses) {
        BatchResult result;
        result.kind = BatchResult::Kind::per_record;
        result.records.assign(responses, RecordOutcome{Verdict::sent, ""});
        // A 2xx transaction is all-or-nothing: every entry was committed even if the reply is
        // unreadable, so the records count as sent (without the server's ids).
        const auto entries = read_transaction_reply(body);
        if (!entries || entries->size() != owners.size()) return result;
        for (std::size_t i = 0; i < owners.size(); ++i) {
            const EntryReply& entry = (*entries)[i];
            RecordOutcome& record = result.records[owners[i].response_index];
            const long status = entry_status(entry);
            if (status >= 200 && status <= 299) {
                if (owners[i].is_questionnaire_response) record.detail = server_id(entry);
                continue;
            }
            const Verdict verdict = status >= 400 && status <= 499 ? Verdict::rejected : Verdict::retry;
            if (worse(record.verdict, verdict) == verdict && record.verdict != verdict) {
                record.verdict = verdict;
                record.detail = "HTTP " + std::to_string(status) + " on its entry: " +
                                operation_outcome_text(entry.outcome.empty() ? "{}" : entry.outcome);
            }
        }
        return result;
    }

    std::string url_;
    HttpClient& http_;
    Auth& auth_;
    fhir::MappingOptions mapping_;
};

}  // namespace

std::unique_ptr<Target> make_fhir_target(const std::string& url, HttpClient& http, Auth& auth,
                                         fhir::MappingOptions mapping) {
    return std::make_unique<FhirTarget>(url, http, auth, std::move(mapping));
}

}  // namespace alliance::sync
