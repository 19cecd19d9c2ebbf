#include "sync/transaction_reply.h"

#include <simdjson.h>

namespace alliance::sync {
namespace {

namespace od = simdjson::ondemand;

// After a malformed-JSON error the On-Demand document must not be read further (simdjson then
// dereferences a released parser). A missing field or a value of another type is not such an
// error: the reader may go on past it.
bool readable(simdjson::error_code error) {
    return error == simdjson::SUCCESS || error == simdjson::NO_SUCH_FIELD || error == simdjson::INCORRECT_TYPE;
}

// Reads one entry's `response` object. False when a status or location is not a string.
bool read_response(od::object response, EntryReply& entry) {
    for (auto field : response) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
        od::value value;
        if (field.value().get(value) != simdjson::SUCCESS) return false;
        if (key == "status" || key == "location") {
            std::string_view text;
            if (value.get_string().get(text) != simdjson::SUCCESS) return false;
            (key == "status" ? entry.status : entry.location) = std::string(text);
        } else if (key == "outcome") {
            od::object outcome;
            std::string_view raw;
            const auto outcome_error = value.get_object().get(outcome);
            if (!readable(outcome_error)) return false;
            if (outcome_error != simdjson::SUCCESS) continue;
            if (outcome.raw_json().get(raw) != simdjson::SUCCESS) return false;
            entry.outcome = std::string(raw);  // read only if the entry failed
        }
    }
    return true;
}

}  // namespace

// simdjson's On-Demand parser moves past the values it is not asked for (the echoed resources)
// at the speed of its structural scan; with nlohmann's lexer, reading the echoes was a quarter of
// alliance-sync's CPU time per response (tests/bench/sync_bench.py).
std::optional<std::vector<EntryReply>> read_transaction_reply(std::string_view body, std::string* bundle_type) {
    thread_local od::parser parser;
    const simdjson::padded_string padded(body);
    od::document doc;
    od::object bundle;
    od::array entry_array;
    if (bundle_type != nullptr) bundle_type->clear();
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(bundle) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    if (bundle_type != nullptr) {
        // Read before `entry` (usually first in the text); a missing key costs one scan.
        std::string_view resource_type;
        std::string_view type;
        const auto rt_error = bundle.find_field_unordered("resourceType").get_string().get(resource_type);
        if (!readable(rt_error)) return std::nullopt;
        if (rt_error == simdjson::SUCCESS && resource_type == "Bundle") {
            const auto type_error = bundle.find_field_unordered("type").get_string().get(type);
            if (!readable(type_error)) return std::nullopt;
            if (type_error == simdjson::SUCCESS) *bundle_type = std::string(type);
        }
    }
    if (bundle.find_field_unordered("entry").get_array().get(entry_array) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    std::vector<EntryReply> entries;
    for (auto element : entry_array) {
        od::value value;
        if (element.get(value) != simdjson::SUCCESS) return std::nullopt;
        EntryReply& entry = entries.emplace_back();
        od::object object;
        od::object response;
        const auto object_error = value.get_object().get(object);
        if (!readable(object_error)) return std::nullopt;
        if (object_error != simdjson::SUCCESS) continue;  // an entry that is no object
        const auto response_error = object.find_field_unordered("response").get_object().get(response);
        if (!readable(response_error)) return std::nullopt;
        if (response_error != simdjson::SUCCESS) continue;
        entry.has_response = true;
        if (!read_response(response, entry)) return std::nullopt;
    }
    return entries;
}

}  // namespace alliance::sync
