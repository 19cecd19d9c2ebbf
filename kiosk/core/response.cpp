#include "core/response.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace alliance {
namespace {

template <class T>
T field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw std::runtime_error(std::string("response: missing field '") + key + "'");
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw std::runtime_error(std::string("response: field '") + key + "' has the wrong type");
    }
}

// The member itself, not a copy (field<nlohmann::json> would copy the whole subtree).
const nlohmann::json& member(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw std::runtime_error(std::string("response: missing field '") + key + "'");
    return *it;
}

std::string optional_string(const nlohmann::json& j, const char* key) {
    return j.contains(key) ? field<std::string>(j, key) : std::string();
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

AnswerValue answer_value_from_json(const nlohmann::json& j) {
    if (!j.is_object() || j.size() != 1)
        throw std::runtime_error("response: an answer value must be an object with one key");
    if (j.contains("coding")) {
        const auto& c = j["coding"];
        return Coding{field<std::string>(c, "system"), field<std::string>(c, "code"),
                      optional_string(c, "display")};
    }
    if (j.contains("integer")) return field<int>(j, "integer");
    if (j.contains("boolean")) return field<bool>(j, "boolean");
    if (j.contains("string")) return field<std::string>(j, "string");
    throw std::runtime_error("response: unknown answer value kind '" + j.begin().key() + "'");
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

Response response_from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw std::runtime_error("response: not a JSON object");
    Response r;
    r.session_id = field<std::string>(j, "sessionId");
    r.status = field<std::string>(j, "status");
    r.questionnaire_url = field<std::string>(j, "questionnaireUrl");
    r.questionnaire_version = optional_string(j, "questionnaireVersion");
    r.language = field<std::string>(j, "language");
    r.kiosk_id = field<std::string>(j, "kioskId");
    r.therapist_id = optional_string(j, "therapistId");
    r.therapist_name = optional_string(j, "therapistName");
    r.visit_code = optional_string(j, "visitCode");
    r.started_at = optional_string(j, "startedAt");
    r.authored_at = field<std::string>(j, "authoredAt");
    for (const auto& a : member(j, "answers")) {
        ResponseAnswer ans{field<std::string>(a, "linkId"), {}};
        for (const auto& v : member(a, "values"))
            ans.values.push_back(answer_value_from_json(v));
        r.answers.push_back(std::move(ans));
    }
    if (j.contains("scores")) r.scores = field<std::map<std::string, double>>(j, "scores");
    return r;
}

}  // namespace alliance
