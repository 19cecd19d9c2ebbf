// The FHIR target: one transaction Bundle per batch, conditional creates throughout, and the
// transaction-response read entry by entry to say what became of each response.
#include <nlohmann/json.hpp>

#include "sync/fhir_mapping.h"
#include "sync/target.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

long entry_status(const json& entry) {
    if (!entry.is_object() || !entry.contains("response") || !entry["response"].is_object()) return 0;
    const std::string status = entry["response"].value("status", "");
    // "201", "201 Created", "200 OK": the code is the leading number.
    try {
        return std::stol(status);
    } catch (const std::exception&) {
        return 0;
    }
}

// "QuestionnaireResponse/123/_history/4" -> "QuestionnaireResponse/123"
std::string server_id(const json& entry) {
    std::string location = entry["response"].value("location", "");
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
    FhirTarget(std::string url, HttpClient& http, Auth& auth) : url_(std::move(url)), http_(http), auth_(auth) {}

    BatchResult send(const std::vector<const Response*>& batch) override {
        const fhir::Transaction transaction = fhir::transaction_bundle(batch);
        HttpRequest request;
        request.method = "POST";
        request.url = url_;
        request.headers = {{"Content-Type", "application/fhir+json"},
                           {"Accept", "application/fhir+json"},
                           {"Prefer", "return=minimal"}};
        request.body = transaction.bundle.dump();
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
        // Servers often echo every stored resource (Medplum ignores Prefer: return=minimal);
        // only the entries' `response` parts are read, so the resources are not built at all.
        const json::parser_callback_t skip_resources = [](int, json::parse_event_t event, json& parsed) {
            return !(event == json::parse_event_t::key && parsed == "resource");
        };
        const json bundle = json::parse(body, skip_resources, false);
        // A 2xx transaction is all-or-nothing: every entry was committed even if the reply is
        // unreadable, so the records count as sent (without the server's ids).
        if (!bundle.is_object() || !bundle.contains("entry") || !bundle["entry"].is_array() ||
            bundle["entry"].size() != owners.size()) {
            return result;
        }
        for (std::size_t i = 0; i < owners.size(); ++i) {
            const json& entry = bundle["entry"][i];
            RecordOutcome& record = result.records[owners[i].response_index];
            const long status = entry_status(entry);
            if (status >= 200 && status <= 299) {
                if (owners[i].is_questionnaire_response) record.detail = server_id(entry);
                continue;
            }
            const Verdict verdict = status >= 400 && status <= 499 ? Verdict::rejected : Verdict::retry;
            if (worse(record.verdict, verdict) == verdict && record.verdict != verdict) {
                record.verdict = verdict;
                const json outcome = status == 0 ? json::object() : entry["response"].value("outcome", json::object());
                record.detail = "HTTP " + std::to_string(status) + " on its entry: " + operation_outcome_text(outcome.dump());
            }
        }
        return result;
    }

    std::string url_;
    HttpClient& http_;
    Auth& auth_;
};

}  // namespace

std::unique_ptr<Target> make_fhir_target(const std::string& url, HttpClient& http, Auth& auth) {
    return std::make_unique<FhirTarget>(url, http, auth);
}

}  // namespace alliance::sync
