// The FHIR target: one transaction Bundle per batch, conditional creates throughout, and the
// transaction-response read entry by entry to say what became of each response.
#include <nlohmann/json.hpp>

#include "sync/encounter_link.h"
#include "sync/fhir_mapping.h"
#include "sync/target.h"
#include "sync/transaction_reply.h"

namespace alliance::sync {
namespace {

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
        refresh_pulled_therapists();
        const auto link_warnings = resolve_encounters(url_, http_, auth_, batch, mapping_);
        const auto plan = fhir::transaction_plan(batch, mapping_);
        BatchResult result = plan.size() == 1 ? send_transaction(batch, plan[0]) : send_in_transactions(batch, plan);
        if (result.kind == BatchResult::Kind::per_record) {
            for (const auto& [index, warning] : link_warnings) {
                RecordOutcome& record = result.records[index];
                if (record.verdict == Verdict::sent) record.warning += (record.warning.empty() ? "" : "; ") + warning;
            }
        }
        return result;
    }

private:
    BatchResult send_transaction(const std::vector<const Response*>& batch,
                                 const std::vector<fhir::ResponsePart>& parts) {
        const fhir::Transaction transaction = fhir::transaction_bundle(batch, parts, mapping_);
        HttpRequest request;
        request.method = "POST";
        request.url = url_;
        request.headers = {{"Content-Type", "application/fhir+json"},
                           {"Accept", "application/fhir+json"},
                           {"Prefer", "return=minimal"}};
        request.body = transaction.body;
        std::string body;
        long status = 0;
        if (auto verdict = post_batch(http_, auth_, std::move(request), body, status)) {
            if (status == 412 && batch.size() == 1 && parts.front().first == 0)
                return confirm_by_search(*batch[0], *verdict);
            return *verdict;
        }
        return read_transaction_response(status, body, transaction.owners, batch.size());
    }

    // A batch in several transactions ([sync] max_transaction_entries). A response counts as sent
    // only when every part of it is proven; once a part fails, its later parts wait for the retry.
    // A transaction that fails as a whole (refused, server down) fails the whole batch: the
    // uploader retries or isolates it, and the conditional creates find what already landed.
    BatchResult send_in_transactions(const std::vector<const Response*>& batch,
                                     const std::vector<std::vector<fhir::ResponsePart>>& plan) {
        BatchResult total;
        total.kind = BatchResult::Kind::per_record;
        total.records.assign(batch.size(), RecordOutcome{Verdict::sent, ""});
        for (const auto& planned : plan) {
            std::vector<fhir::ResponsePart> parts;
            for (fhir::ResponsePart part : planned) {
                RecordOutcome& record = total.records[part.response_index];
                if (record.verdict != Verdict::sent) continue;
                if (part.first > 0 && record.detail.empty()) {
                    // The reply gave no location for the response: the server's search says where it is.
                    const auto found = search_response(*batch[part.response_index]);
                    if (!found || found->id.empty()) {
                        record = {Verdict::retry, "the server did not say where it stored response " +
                                                      batch[part.response_index]->session_id +
                                                      ", which the rest of its scores must refer to"};
                        continue;
                    }
                    record.detail = found->id;
                }
                if (part.first > 0) part.response_reference = record.detail;
                parts.push_back(std::move(part));
            }
            if (parts.empty()) continue;
            BatchResult result = send_transaction(batch, parts);
            if (result.kind != BatchResult::Kind::per_record) return result;
            for (const fhir::ResponsePart& part : parts) {
                const RecordOutcome& outcome = result.records[part.response_index];
                RecordOutcome& record = total.records[part.response_index];
                if (outcome.verdict != Verdict::sent) {
                    record = outcome;
                    continue;
                }
                if (part.first == 0) record.detail = outcome.detail;
                if (!outcome.warning.empty()) record.warning = outcome.warning;
            }
        }
        return total;
    }

    struct Found {
        std::size_t count = 0;
        std::string id;  // "QuestionnaireResponse/123" of the first match ("" when it has none)
    };

    // The response on the server, searched by its identifier; nullopt when the search failed.
    std::optional<Found> search_response(const Response& response) {
        HttpRequest search;
        search.url =
            join_url(url_, "QuestionnaireResponse?" +
                               fhir::identifier_query(fhir::uuid_system, fhir::response_identifier_value(response)) +
                               "&_elements=identifier");
        search.headers = {{"Accept", "application/fhir+json"}};
        HttpResponse reply;
        try {
            reply = send_authorized(http_, auth_, std::move(search));
        } catch (const AuthError&) {
            return std::nullopt;
        }
        const auto bundle = nlohmann::json::parse(reply.body, nullptr, false);
        if (!reply.replied() || reply.status != 200 || !bundle.is_object() || !bundle.contains("entry") ||
            !bundle["entry"].is_array())
            return std::nullopt;
        Found found;
        found.count = bundle["entry"].size();
        if (found.count == 0) return found;
        const auto& first = bundle["entry"][0];
        if (first.is_object() && first.contains("resource") && first["resource"].is_object() &&
            first["resource"].contains("id") && first["resource"]["id"].is_string())
            found.id = "QuestionnaireResponse/" + first["resource"]["id"].get<std::string>();
        return found;
    }

    // 412 on a conditional create: the server holds several resources with this identifier, so it
    // cannot tell which one "already exists". If a search finds the response, it is there (more
    // than once): counted as sent, with a warning for IT. Otherwise the 412 stands.
    BatchResult confirm_by_search(const Response& response, const BatchResult& refused) {
        const auto found = search_response(response);
        if (!found || found->count == 0) return refused;
        BatchResult result;
        result.kind = BatchResult::Kind::per_record;
        result.records.push_back(
            RecordOutcome{Verdict::sent, found->id,
                          "the server answered 412 (several matches) to the conditional create of response " +
                              response.session_id + " and a search finds it stored " + std::to_string(found->count) +
                              " time(s): counted as sent; ask the server's administrator to remove the duplicates"});
        return result;
    }

    // Proof of delivery: a transaction-response Bundle with one entry per request entry (whatever
    // resources the Bundle holds), entries mapped to responses by position through `owners`. A
    // response counts as sent when all its entries have a 2xx. Anything else is unproven: a 2xx
    // from a proxy's login page looks the same as the server's until the body is read.
    BatchResult read_transaction_response(long status, const std::string& body,
                                          const std::vector<fhir::EntryOwner>& owners, std::size_t responses) const {
        std::string type;
        const auto entries = status == 202 ? std::nullopt : read_transaction_reply(body, &type);
        if (!entries || type != "transaction-response")
            return unproven_reply(status, url_, body, "a FHIR transaction-response Bundle");
        if (entries->size() != owners.size())
            return unproven_reply(status, url_, body,
                                  "a transaction-response with one entry per request entry (" +
                                      std::to_string(owners.size()) + " sent, " + std::to_string(entries->size()) +
                                      " answered)");
        BatchResult result;
        result.kind = BatchResult::Kind::per_record;
        result.records.assign(responses, RecordOutcome{Verdict::sent, ""});
        for (std::size_t i = 0; i < owners.size(); ++i) {
            const EntryReply& entry = (*entries)[i];
            RecordOutcome& record = result.records[owners[i].response_index];
            const long entry_code = entry_status(entry);
            if (entry_code >= 200 && entry_code <= 299) {
                if (owners[i].is_questionnaire_response) record.detail = server_id(entry);
                continue;
            }
            // An entry without a status (or a 1xx/3xx) proves nothing either: retry.
            const Verdict verdict = entry_code >= 400 && entry_code <= 499 ? Verdict::rejected : Verdict::retry;
            if (worse(record.verdict, verdict) == verdict && record.verdict != verdict) {
                record.verdict = verdict;
                record.detail = entry_code == 0
                                    ? std::string("the server's reply has no status for its entry")
                                    : "HTTP " + std::to_string(entry_code) + " on its entry: " +
                                          operation_outcome_text(entry.outcome.empty() ? "{}" : entry.outcome);
            }
        }
        return result;
    }

    std::string url_;
    HttpClient& http_;
    Auth& auth_;
    fhir::MappingOptions mapping_;
    std::filesystem::file_time_type pulled_seen_{};

    // [fleet]: a pull may replace the therapists while `run` goes on; one stat a batch notices.
    void refresh_pulled_therapists() {
        if (mapping_.pulled_therapists_file.empty()) return;
        std::error_code error;
        const auto changed = std::filesystem::last_write_time(mapping_.pulled_therapists_file, error);
        if (error || changed == pulled_seen_) return;
        pulled_seen_ = changed;
        mapping_.pulled_therapists = read_pulled_therapists(mapping_.pulled_therapists_file);
    }
};

}  // namespace

std::unique_ptr<Target> make_fhir_target(const std::string& url, HttpClient& http, Auth& auth,
                                         fhir::MappingOptions mapping) {
    return std::make_unique<FhirTarget>(url, http, auth, std::move(mapping));
}

}  // namespace alliance::sync
