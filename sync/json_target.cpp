// The `json` target, for clinics without a FHIR server: a batch is POSTed as a JSON array of
// frozen responses (the shape of core/response.h). The Idempotency-Key is derived from the
// batch's session ids, so a batch sent again after a lost reply carries the same key and the
// receiver can answer it without storing anything twice; receivers should also deduplicate on
// sessionId, since a batch re-formed after a crash has a different key (sync/README.md).
#include <nlohmann/json.hpp>

#include "sync/target.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

class JsonTarget final : public Target {
public:
    JsonTarget(std::string url, HttpClient& http, Auth& auth) : url_(std::move(url)), http_(http), auth_(auth) {}

    BatchResult send(const std::vector<const Response*>& batch) override {
        nlohmann::json array = nlohmann::json::array();
        std::string ids;
        for (const Response* r : batch) {
            array.push_back(to_json(*r));
            ids += r->session_id + "\n";
        }
        HttpRequest request;
        request.method = "POST";
        request.url = url_;
        request.headers = {{"Content-Type", "application/json"},
                           {"Accept", "application/json"},
                           {"Idempotency-Key", "alliance-" + hash_hex(ids)}};
        request.body = array.dump();
        std::string body;
        if (auto verdict = post_batch(http_, auth_, std::move(request), body)) return *verdict;
        return BatchResult{BatchResult::Kind::per_record,
                           std::vector<RecordOutcome>(batch.size(), RecordOutcome{Verdict::sent, ""}), "", std::nullopt};
    }

private:
    std::string url_;
    HttpClient& http_;
    Auth& auth_;
};

}  // namespace

std::unique_ptr<Target> make_json_target(const std::string& url, HttpClient& http, Auth& auth) {
    return std::make_unique<JsonTarget>(url, http, auth);
}

}  // namespace alliance::sync
