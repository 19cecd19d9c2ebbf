#include "core/response.h"

#include <simdjson.h>

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

std::string text(od::value& v, std::string_view key) {
    return std::string(get<std::string_view>(v, key));
}

Coding coding(od::value& v) {
    Coding c;
    bool has_system = false, has_code = false;
    for (auto field : get<od::object>(v, "coding")) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) wrong_type("coding");
        if (key == "system") {
            c.system = text(value, key);
            has_system = true;
        }
        if (key == "code") {
            c.code = text(value, key);
            has_code = true;
        }
        if (key == "display") c.display = text(value, key);
    }
    if (!has_system) throw std::runtime_error("response: missing field 'system'");
    if (!has_code) throw std::runtime_error("response: missing field 'code'");
    return c;
}

AnswerValue answer_value(od::value& v) {
    od::object object;
    if (v.get_object().get(object))
        throw std::runtime_error("response: an answer value must be an object with one key");
    std::optional<AnswerValue> out;
    for (auto field : object) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) wrong_type("values");
        if (out)
            throw std::runtime_error("response: an answer value must be an object with one key");
        if (key == "coding")
            out = coding(value);
        else if (key == "integer")
            out = static_cast<int>(get<std::int64_t>(value, key));
        else if (key == "boolean")
            out = get<bool>(value, key);
        else if (key == "string")
            out = text(value, key);
        else
            throw std::runtime_error("response: unknown answer value kind '" + std::string(key) +
                                     "'");
    }
    if (!out) throw std::runtime_error("response: an answer value must be an object with one key");
    return *out;
}

std::vector<AnswerValue> answer_values(od::value& v, std::string_view key) {
    std::vector<AnswerValue> out;
    for (auto element : get<od::array>(v, key)) {
        od::value value;
        if (element.get(value)) wrong_type(key);
        out.push_back(answer_value(value));
    }
    return out;
}

ResponseAnswer answer(od::value& v) {
    ResponseAnswer a;
    bool has_link_id = false, has_values = false;
    for (auto field : get<od::object>(v, "answers")) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) wrong_type("answers");
        if (key == "linkId") {
            a.link_id = text(value, key);
            has_link_id = true;
        }
        if (key == "values") {
            a.values = answer_values(value, key);
            has_values = true;
        }
    }
    if (!has_link_id) throw std::runtime_error("response: missing field 'linkId'");
    if (!has_values) throw std::runtime_error("response: missing field 'values'");
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
        answers.push_back({{"linkId", a.link_id}, {"values", values}});
    }
    return {{"sessionId", r.session_id},
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
    Response r;
    // Required fields, in the order they are reported when missing.
    const char* required[] = {"sessionId", "status",     "questionnaireUrl", "language",
                              "kioskId",   "authoredAt", "answers"};
    bool seen[std::size(required)] = {};
    for (auto field : object) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value))
            throw std::runtime_error("response: not JSON");
        for (std::size_t i = 0; i < std::size(required); ++i)
            seen[i] = seen[i] || key == required[i];
        if (key == "sessionId")
            r.session_id = text(value, key);
        else if (key == "status")
            r.status = text(value, key);
        else if (key == "questionnaireUrl")
            r.questionnaire_url = text(value, key);
        else if (key == "questionnaireVersion")
            r.questionnaire_version = text(value, key);
        else if (key == "language")
            r.language = text(value, key);
        else if (key == "kioskId")
            r.kiosk_id = text(value, key);
        else if (key == "therapistId")
            r.therapist_id = text(value, key);
        else if (key == "therapistName")
            r.therapist_name = text(value, key);
        else if (key == "visitCode")
            r.visit_code = text(value, key);
        else if (key == "startedAt")
            r.started_at = text(value, key);
        else if (key == "authoredAt")
            r.authored_at = text(value, key);
        else if (key == "answers") {
            for (auto element : get<od::array>(value, key)) {
                od::value item;
                if (element.get(item)) wrong_type(key);
                r.answers.push_back(answer(item));
            }
        } else if (key == "scores") {
            for (auto score : get<od::object>(value, key)) {
                std::string_view name;
                od::value number;
                if (score.unescaped_key().get(name) || score.value().get(number)) wrong_type(key);
                r.scores[std::string(name)] = get<double>(number, key);
            }
        }
    }
    for (std::size_t i = 0; i < std::size(required); ++i) {
        if (!seen[i])
            throw std::runtime_error(std::string("response: missing field '") + required[i] + "'");
    }
    return r;
}

Response response_from_json(const nlohmann::json& j) {
    return response_from_text(j.dump());
}

}  // namespace alliance
