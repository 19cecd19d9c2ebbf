#include "sync/transaction_reply.h"

#include <simdjson.h>

namespace alliance::sync {
namespace {

namespace od = simdjson::ondemand;

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
            if (value.get_object().get(outcome) == simdjson::SUCCESS &&
                outcome.raw_json().get(raw) == simdjson::SUCCESS)
                entry.outcome = std::string(raw);  // read only if the entry failed
        }
    }
    return true;
}

}  // namespace

// simdjson's On-Demand parser moves past the values it is not asked for (the echoed resources)
// at the speed of its structural scan; with nlohmann's lexer, reading the echoes was a quarter of
// alliance-sync's CPU time per response (tests/bench/sync_bench.py).
std::optional<std::vector<EntryReply>> read_transaction_reply(std::string_view body,
                                                              std::string* bundle_type) {
    thread_local od::parser parser;
    const simdjson::padded_string padded(body);
    od::document doc;
    od::object bundle;
    od::array entry_array;
    if (bundle_type != nullptr) bundle_type->clear();
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(bundle) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    if (bundle_type != nullptr) {
        // Read before `entry` (usually first in the text); a missing key costs one scan.
        std::string_view resource_type;
        std::string_view type;
        if (bundle.find_field_unordered("resourceType").get_string().get(resource_type) ==
                simdjson::SUCCESS &&
            resource_type == "Bundle" &&
            bundle.find_field_unordered("type").get_string().get(type) == simdjson::SUCCESS)
            *bundle_type = std::string(type);
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
        if (value.get_object().get(object) != simdjson::SUCCESS)
            continue;  // an entry that is no object
        if (object.find_field_unordered("response").get_object().get(response) != simdjson::SUCCESS)
            continue;
        entry.has_response = true;
        if (!read_response(response, entry)) return std::nullopt;
    }
    return entries;
}

}  // namespace alliance::sync
