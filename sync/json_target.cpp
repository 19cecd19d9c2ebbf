// The `json` target, for clinics without a FHIR server: a batch is POSTed as a JSON array of
// frozen responses (the shape of core/questionnaire/response.h). The Idempotency-Key is derived from the
// batch's session ids, so a batch sent again after a lost reply carries the same key and the
// receiver can answer it without storing anything twice; receivers should also deduplicate on
// sessionId, since a batch re-formed after a crash has a different key (sync/README.md).
// The receiver proves delivery with an acknowledgement, {"accepted": ["<sessionId>", ...]}.
#include <nlohmann/json.hpp>
#include <set>

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
        long status = 0;
        if (auto verdict = post_batch(http_, auth_, std::move(request), body, status)) return *verdict;
        return read_acknowledgement(status, body, batch);
    }

private:
    // A response is sent when the acknowledgement lists its sessionId; one left out is tried again.
    BatchResult read_acknowledgement(long status, const std::string& body,
                                     const std::vector<const Response*>& batch) const {
        const auto reply = nlohmann::json::parse(body, nullptr, false);
        const auto accepted = reply.is_object() ? reply.find("accepted") : reply.end();
        if (status == 202 || !reply.is_object() || accepted == reply.end() || !accepted->is_array())
            return unproven_reply(status, url_, body,
                                  "an acknowledgement listing the session ids (" + sync_guide() + ")");
        std::set<std::string> ids;
        for (const auto& id : *accepted)
            if (id.is_string()) ids.insert(id.get<std::string>());
        BatchResult result;
        result.kind = BatchResult::Kind::per_record;
        for (const Response* r : batch) {
            if (ids.count(r->session_id) != 0) {
                result.records.push_back(RecordOutcome{Verdict::sent, ""});
            } else {
                result.records.push_back(
                    RecordOutcome{Verdict::retry, "the receiver's acknowledgement does not list this response"});
            }
        }
        return result;
    }

    std::string url_;
    HttpClient& http_;
    Auth& auth_;
};

}  // namespace

std::unique_ptr<Target> make_json_target(const std::string& url, HttpClient& http, Auth& auth) {
    return std::make_unique<JsonTarget>(url, http, auth);
}

}  // namespace alliance::sync
