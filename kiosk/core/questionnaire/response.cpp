#include "core/questionnaire/response.h"

#include <simdjson.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

// Reading uses simdjson's On-Demand parser: alliance-sync reads every queued response once per
// upload, and building an nlohmann tree for it was a fifth of the upload's CPU time
// (tests/bench/sync_bench.py). Writing (once per session, in the kiosk) stays with nlohmann.
namespace alliance {
namespace {

namespace od = simdjson::ondemand;

[[noreturn]] void wrong_type(std::string_view key) {
    throw std::runtime_error("response: field '" + std::string(key) + "' has the wrong type");
}

template <class T>
T get(od::value& v, std::string_view key) {
    T out{};
    if (v.get(out) != simdjson::SUCCESS) wrong_type(key);
    return out;
}

std::string text(od::value& v, std::string_view key) { return std::string(get<std::string_view>(v, key)); }

// Calls visit(key, value) for each member of `object`, in the order written, then throws naming
// the first of `required` that was not among them.
template <class Visit>
void for_each_member(od::object object, std::string_view where, std::initializer_list<std::string_view> required,
                     Visit&& visit) {
    std::uint32_t seen = 0;  // bit i: required[i] was there
    for (auto field : object) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) wrong_type(where);
        std::uint32_t bit = 1;
        for (const std::string_view name : required) {
            if (key == name) seen |= bit;
            bit <<= 1;
        }
        visit(key, value);
    }
    std::uint32_t bit = 1;
    for (const std::string_view name : required) {
        if ((seen & bit) == 0) throw std::runtime_error("response: missing field '" + std::string(name) + "'");
        bit <<= 1;
    }
}

Coding coding(od::value& v) {
    Coding c;
    for_each_member(get<od::object>(v, "coding"), "coding", {"system", "code"},
                    [&](std::string_view key, od::value& value) {
                        if (key == "system") c.system = text(value, key);
                        if (key == "code") c.code = text(value, key);
                        if (key == "display") c.display = text(value, key);
                    });
    return c;
}

AnswerValue answer_value(od::value& v) {
    const char* one_key = "response: an answer value must be an object with one key";
    od::object object;
    if (v.get_object().get(object)) throw std::runtime_error(one_key);
    std::optional<AnswerValue> out;
    for_each_member(object, "values", {}, [&](std::string_view key, od::value& value) {
        if (out) throw std::runtime_error(one_key);
        if (key == "coding")
            out = coding(value);
        else if (key == "integer")
            out = static_cast<int>(get<std::int64_t>(value, key));
        else if (key == "boolean")
            out = get<bool>(value, key);
        else if (key == "string")
            out = text(value, key);
        else
            throw std::runtime_error("response: unknown answer value kind '" + std::string(key) + "'");
    });
    if (!out) throw std::runtime_error(one_key);
    return *out;
}

// Calls each(element) for each element of the array `v`.
template <class Each>
void for_each_element(od::value& v, std::string_view key, Each&& each) {
    for (auto element : get<od::array>(v, key)) {
        od::value value;
        if (element.get(value)) wrong_type(key);
        each(value);
    }
}

std::vector<AnswerValue> answer_values(od::value& v, std::string_view key) {
    std::vector<AnswerValue> out;
    for_each_element(v, key, [&](od::value& value) { out.push_back(answer_value(value)); });
    return out;
}

ResponseAnswer answer(od::value& v) {
    ResponseAnswer a;
    for_each_member(get<od::object>(v, "answers"), "answers", {"linkId", "values"},
                    [&](std::string_view key, od::value& value) {
                        if (key == "linkId") a.link_id = text(value, key);
                        if (key == "values") a.values = answer_values(value, key);
                        if (key == "groups")
                            for_each_element(value, key, [&](od::value& g) { a.groups.push_back(text(g, key)); });
                    });
    return a;
}

// Parses `json` (which must outlive the document) with a parser kept per thread.
od::document parse(const simdjson::padded_string& json) {
    thread_local od::parser parser;
    od::document doc;
    if (parser.iterate(json).get(doc)) throw std::runtime_error("response: not JSON");
    return doc;
}

}  // namespace

nlohmann::json answer_value_to_json(const AnswerValue& v) {
    struct Visitor {
        nlohmann::json operator()(const Coding& c) const {
            return {{"coding", {{"system", c.system}, {"code", c.code}, {"display", c.display}}}};
        }
        nlohmann::json operator()(int i) const { return {{"integer", i}}; }
        nlohmann::json operator()(bool b) const { return {{"boolean", b}}; }
        nlohmann::json operator()(const std::string& s) const { return {{"string", s}}; }
    };
    return std::visit(Visitor{}, v);
}

nlohmann::json to_json(const Response& r) {
    nlohmann::json answers = nlohmann::json::array();
    for (const auto& a : r.answers) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& v : a.values) values.push_back(answer_value_to_json(v));
        nlohmann::json answer = {{"linkId", a.link_id}, {"values", values}};
        if (!a.groups.empty()) answer["groups"] = a.groups;
        answers.push_back(std::move(answer));
    }
    nlohmann::json j = {{"sessionId", r.session_id},
                        {"status", r.status},
                        {"questionnaireUrl", r.questionnaire_url},
                        {"questionnaireVersion", r.questionnaire_version},
                        {"language", r.language},
                        {"kioskId", r.kiosk_id},
                        {"therapistId", r.therapist_id},
                        {"therapistName", r.therapist_name},
                        {"visitCode", r.visit_code},
                        {"startedAt", r.started_at},
                        {"authoredAt", r.authored_at},
                        {"answers", answers},
                        {"scores", r.scores}};
    if (r.low_alliance) j["lowAlliance"] = *r.low_alliance;
    return j;
}

std::vector<AnswerValue> answer_values_from_text(std::string_view json) {
    const simdjson::padded_string padded(json);
    od::document doc = parse(padded);
    od::value root;
    if (doc.get_value().get(root)) throw std::runtime_error("response: answer values: not JSON");
    return answer_values(root, "values");
}

Response response_from_text(std::string_view json) {
    const simdjson::padded_string padded(json);
    od::document doc = parse(padded);
    od::object object;
    if (doc.get_object().get(object)) throw std::runtime_error("response: not a JSON object");
    // The text fields, as members of Response (a table, not a map built per response).
    static constexpr std::pair<std::string_view, std::string Response::*> texts[] = {
        {"sessionId", &Response::session_id},
        {"status", &Response::status},
        {"questionnaireUrl", &Response::questionnaire_url},
        {"questionnaireVersion", &Response::questionnaire_version},
        {"language", &Response::language},
        {"kioskId", &Response::kiosk_id},
        {"therapistId", &Response::therapist_id},
        {"therapistName", &Response::therapist_name},
        {"visitCode", &Response::visit_code},
        {"startedAt", &Response::started_at},
        {"authoredAt", &Response::authored_at}};
    Response r;
    for_each_member(
        object, "response", {"sessionId", "status", "questionnaireUrl", "language", "kioskId", "authoredAt", "answers"},
        [&](std::string_view key, od::value& value) {
            if (key == "answers") {
                for_each_element(value, key, [&](od::value& item) { r.answers.push_back(answer(item)); });
            } else if (key == "scores") {
                for_each_member(get<od::object>(value, key), key, {}, [&](std::string_view name, od::value& number) {
                    r.scores[std::string(name)] = get<double>(number, key);
                });
            } else if (key == "lowAlliance") {
                r.low_alliance.emplace();
                for_each_element(value, key, [&](od::value& part) { r.low_alliance->push_back(text(part, key)); });
            } else {
                for (const auto& [name, member] : texts) {
                    if (key == name) r.*member = text(value, key);
                }
            }
        });
    return r;
}

Response response_from_json(const nlohmann::json& j) { return response_from_text(j.dump()); }

}  // namespace alliance
