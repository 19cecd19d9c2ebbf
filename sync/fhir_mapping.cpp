#include "sync/fhir_mapping.h"

#include <algorithm>
#include <variant>

#include "core/base/uuid.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "sync/text_util.h"

namespace alliance::sync::fhir {
namespace {

using nlohmann::json;

void system_value(JsonText& out, std::string_view system, const std::string& value) {
    out.open_object().field("system", system).field("value", value).close_object();
}

// A logical reference: the server need not hold the Device, Encounter or Practitioner resource.
void logical_reference(JsonText& out, const char* type, std::string_view system, const std::string& value,
                       const std::string& display = {}) {
    out.open_object().field("type", type).key("identifier");
    system_value(out, system, value);
    if (!display.empty()) out.field("display", display);
    out.close_object();
}

// FHIR forbids empty strings, so an empty free-text answer (or display) is left out.
bool is_empty_text(const AnswerValue& v) {
    const auto* text = std::get_if<std::string>(&v);
    return text != nullptr && text->empty();
}

void answer_value(JsonText& out, const AnswerValue& v) {
    struct Visitor {
        JsonText& out;
        void operator()(const Coding& c) const {
            out.key("valueCoding").open_object().field("code", c.code);
            if (!c.system.empty()) out.field("system", c.system);
            if (!c.display.empty()) out.field("display", c.display);
            out.close_object();
        }
        void operator()(int i) const { out.field("valueInteger", i); }
        void operator()(bool b) const { out.field("valueBoolean", b); }
        void operator()(const std::string& s) const { out.field("valueString", s); }
    };
    out.open_object();
    std::visit(Visitor{out}, v);
    out.close_object();
}

// Whether an answer has a value the server accepts (not only empty text).
bool has_value(const ResponseAnswer& a) {
    return std::any_of(a.values.begin(), a.values.end(), [](const AnswerValue& v) { return !is_empty_text(v); });
}

// "item": one per answered question, with its non-empty answers, nested in its groups as the
// Questionnaire nests them (a group appears once around its answered items, never empty); left
// out when nothing was answered. Answers are in display order, so a group's items are adjacent.
// The answers in display order with their groups: as frozen, or from the response's questionnaire
// in `options` when the response was frozen without them (MappingOptions::questionnaires).
std::vector<ResponseAnswer> answers_in_groups(const Response& r, const MappingOptions& options) {
    const bool frozen_with_groups =
        std::any_of(r.answers.begin(), r.answers.end(), [](const ResponseAnswer& a) { return !a.groups.empty(); });
    const auto same = [&r](const Questionnaire& q) {
        return q.url == r.questionnaire_url && q.version == r.questionnaire_version;
    };
    const auto q = std::find_if(options.questionnaires.begin(), options.questionnaires.end(), same);
    if (frozen_with_groups || q == options.questionnaires.end()) return r.answers;
    std::vector<ResponseAnswer> out;
    for (const Item* item : flatten_items(*q))
        for (const auto& a : r.answers)
            if (a.link_id == item->link_id) out.emplace_back(a.link_id, a.values, enclosing_groups(*q, a.link_id));
    for (const auto& a : r.answers)  // answers to items the questionnaire does not have: at the end, flat
        if (find_item(*q, a.link_id) == nullptr) out.push_back(a);
    return out;
}

void items(JsonText& out, const Response& r, const MappingOptions& options) {
    std::vector<std::string> open_groups;  // the groups whose "item" array is open, outermost first
    bool any = false;
    for (const auto& a : answers_in_groups(r, options)) {
        if (!has_value(a)) continue;
        if (!any) out.key("item").open_array();
        any = true;
        std::size_t shared = 0;
        while (shared < open_groups.size() && shared < a.groups.size() && open_groups[shared] == a.groups[shared])
            ++shared;
        for (; open_groups.size() > shared; open_groups.pop_back()) out.close_array().close_object();
        for (; open_groups.size() < a.groups.size(); open_groups.push_back(a.groups[open_groups.size()]))
            out.open_object().field("linkId", a.groups[open_groups.size()]).key("item").open_array();
        out.open_object().field("linkId", a.link_id).key("answer").open_array();
        for (const auto& v : a.values)
            if (!is_empty_text(v)) answer_value(out, v);
        out.close_array().close_object();
    }
    for (; !open_groups.empty(); open_groups.pop_back()) out.close_array().close_object();
    if (any) out.close_array();
}

// `identifier` is a search parameter of both types. A misspelt parameter would silently match
// nothing on some servers, and every retry would then store a duplicate (tests guard this).
void conditional_create_request(JsonText& out, const char* type, const std::string& system, const std::string& value) {
    const std::string condition = identifier_query(system, value);
    out.key("request").open_object();
    out.field("method", "POST").field("url", type).field("ifNoneExist", condition);
    out.close_object();
}

// The score codes of content/fhir/CodeSystem-score.json, with their displays.
const char* score_code_display(const std::string& subscale) {
    static constexpr std::pair<const char*, const char*> codes[] = {
        {"goal", "Agreement on goals"}, {"task", "Agreement on tasks"}, {"bond", "Bond"}, {"total", "Alliance total"}};
    for (const auto& [code, display] : codes)
        if (subscale == code) return display;
    return nullptr;
}

// "extension": [the therapist seen], left out when the patient did not say.
void therapist_extension_field(JsonText& out, const Response& r, const MappingOptions& options) {
    if (r.therapist_id.empty()) return;
    out.key("extension").open_array().open_object();
    out.field("url", therapist_extension).key("valueReference");
    write_therapist_reference(out, r, options);
    out.close_object().close_array();
}

// "encounter" (and "subject"): the visit, when the patient gave its code. With an Encounter found
// for it ([sync] resolve_encounter) a literal reference, which keeps the identifier, and the
// Encounter's subject; otherwise the logical reference by the visit code.
void encounter_fields(JsonText& out, const Response& r, const MappingOptions& options) {
    if (r.visit_code.empty()) return;
    const auto link = options.encounters.find(r.visit_code);
    if (link == options.encounters.end()) {
        out.key("encounter");
        logical_reference(out, "Encounter", options.encounter_system, r.visit_code);
        return;
    }
    out.key("encounter").open_object().field("reference", link->second.reference).field("type", "Encounter");
    out.key("identifier");
    system_value(out, options.encounter_system, r.visit_code);
    out.close_object();
    if (!link->second.subject_reference.empty())
        out.key("subject").open_object().field("reference", link->second.subject_reference).close_object();
}

bool is_low(const Response& r, const std::string& subscale) {
    return r.low_alliance &&
           std::find(r.low_alliance->begin(), r.low_alliance->end(), subscale) != r.low_alliance->end();
}

}  // namespace

std::string identifier_query(const std::string& system, const std::string& value) {
    return "identifier=" + percent_encode(system, ":") + "|" + percent_encode(value, ":");
}

void write_therapist_reference(JsonText& out, const Response& r, const MappingOptions& options) {
    const auto named = [&r](const Therapist& t) { return t.id == r.therapist_id; };
    const Therapist* t = nullptr;
    for (const auto* list : {&options.pulled_therapists, &options.therapists}) {
        if (const auto it = std::find_if(list->begin(), list->end(), named); it != list->end()) {
            t = &*it;
            break;
        }
    }
    out.open_object();
    if (t != nullptr && !t->reference.empty()) {
        out.field("reference", t->reference).field("type", "Practitioner");
    } else {
        const bool own = t != nullptr && !t->identifier_system.empty();
        out.field("type", "Practitioner").key("identifier");
        system_value(out, own ? t->identifier_system.c_str() : therapist_system,
                     own ? t->identifier_value : r.therapist_id);
    }
    if (!r.therapist_name.empty()) out.field("display", r.therapist_name);
    out.close_object();
}

std::string response_identifier_value(const Response& r) { return "urn:uuid:" + r.session_id; }

std::string score_identifier_value(const Response& r, const std::string& subscale) {
    return r.session_id + ":" + subscale;
}

void write_questionnaire_response(JsonText& out, const Response& r, const MappingOptions& options) {
    out.open_object().field("resourceType", "QuestionnaireResponse");
    if (options.resource_ids) out.field("id", r.session_id);
    if (is_flagged(r)) {
        out.key("meta").open_object().key("tag").open_array().open_object();
        out.field("system", flag_tag_system).field("code", flag_tag_code).field("display", "Low alliance");
        out.close_object().close_array().close_object();
    }
    out.key("identifier");
    system_value(out, uuid_system, response_identifier_value(r));
    out.field("status", r.status).field("authored", r.authored_at).key("author");
    logical_reference(out, "Device", options.device_system, r.kiosk_id, r.kiosk_id);
    const bool versioned = !r.questionnaire_version.empty();
    out.field("questionnaire", versioned ? r.questionnaire_url + "|" + r.questionnaire_version : r.questionnaire_url);
    if (!r.language.empty()) out.field("language", r.language);
    encounter_fields(out, r, options);
    therapist_extension_field(out, r, options);
    items(out, r, options);
    out.close_object();
}

void write_score_observation(JsonText& out, const Response& r, const std::string& subscale, double score,
                             const std::string& response_full_url, const MappingOptions& options) {
    out.open_object().field("resourceType", "Observation");
    if (options.resource_ids) out.field("id", r.session_id + "-" + subscale);
    therapist_extension_field(out, r, options);
    out.key("identifier").open_array();
    system_value(out, score_system, score_identifier_value(r, subscale));
    out.close_array();
    out.field("status", "final");
    // "category": [{"coding": [survey]}]
    out.key("category").open_array().open_object().key("coding").open_array().open_object();
    out.field("system", "http://terminology.hl7.org/CodeSystem/observation-category");
    out.field("code", "survey").field("display", "Survey");
    out.close_object().close_array().close_object().close_array();
    // "code": {"coding": [the subscale], "text"}
    out.key("code").open_object().key("coding").open_array();
    if (const char* display = score_code_display(subscale)) {
        out.open_object().field("system", score_code_system).field("version", score_code_system_version);
        out.field("code", subscale).field("display", display).close_object();
    } else {
        out.open_object().field("system", score_system).field("code", subscale).close_object();
    }
    out.close_array().field("text", "Score '" + subscale + "' of " + r.questionnaire_url).close_object();
    out.field("effectiveDateTime", r.authored_at).key("device");
    logical_reference(out, "Device", options.device_system, r.kiosk_id, r.kiosk_id);
    out.key("valueQuantity").open_object().field("value", score).field("unit", "score");
    out.field("system", "http://unitsofmeasure.org").field("code", "{score}").close_object();
    if (is_low(r, subscale)) {
        out.key("interpretation").open_array().open_object().key("coding").open_array().open_object();
        out.field("system", interpretation_system).field("code", "L").field("display", "Low");
        out.close_object().close_array().field("text", "Low alliance (the questionnaire's flag rule)");
        out.close_object().close_array();
    }
    out.key("derivedFrom").open_array().open_object().field("reference", response_full_url);
    out.close_object().close_array();
    encounter_fields(out, r, options);
    out.close_object();
}

json questionnaire_response(const Response& r, const MappingOptions& options) {
    JsonText out;
    write_questionnaire_response(out, r, options);
    return json::parse(out.str());
}

json score_observation(const Response& r, const std::string& subscale, double score,
                       const std::string& response_full_url, const MappingOptions& options) {
    JsonText out;
    write_score_observation(out, r, subscale, score, response_full_url, options);
    return json::parse(out.str());
}

std::size_t entry_count(const Response& r, const MappingOptions& options) {
    return 1 + r.scores.size() + (options.follow_up_task && is_flagged(r) ? 1 : 0);
}

std::vector<std::vector<ResponsePart>> transaction_plan(const std::vector<const Response*>& responses,
                                                        const MappingOptions& options) {
    const std::size_t limit = options.max_transaction_entries;
    std::vector<std::vector<ResponsePart>> plan;
    std::size_t filled = 0;  // entries in plan.back()
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const std::size_t count = entry_count(*responses[i], options);
        if (limit == 0 || count <= limit) {
            if (plan.empty() || (limit != 0 && filled + count > limit)) {
                plan.emplace_back();
                filled = 0;
            }
            plan.back().push_back({i, 0, count});
            filled += count;
            continue;
        }
        for (std::size_t first = 0; first < count; first += limit) {
            plan.push_back({{i, first, std::min(count, first + limit)}});
        }
        filled = limit;  // the next response starts a transaction of its own
    }
    return plan;
}

Transaction transaction_bundle(const std::vector<const Response*>& responses, const MappingOptions& options) {
    std::vector<ResponsePart> parts;
    for (std::size_t i = 0; i < responses.size(); ++i) parts.push_back({i, 0, entry_count(*responses[i], options)});
    return transaction_bundle(responses, parts, options);
}

Transaction transaction_bundle(const std::vector<const Response*>& responses, const std::vector<ResponsePart>& parts,
                               const MappingOptions& options) {
    Transaction t;
    JsonText out(6000 * parts.size());  // about 5 kB a response with its scores
    out.open_object().field("resourceType", "Bundle").field("type", "transaction");
    out.key("entry").open_array();
    for (const ResponsePart& part : parts) {
        const Response& r = *responses[part.response_index];
        // The part holding the QuestionnaireResponse refers to it by its fullUrl, which the server
        // replaces by the stored resource's reference; a later part by that reference.
        const std::string response_ref = part.first == 0 ? "urn:uuid:" + new_uuid_v4() : part.response_reference;
        std::size_t entry = 0;
        const auto in_part = [&part](std::size_t index) { return index >= part.first && index < part.end; };
        if (in_part(entry++)) {
            out.open_object().field("fullUrl", response_ref).key("resource");
            write_questionnaire_response(out, r, options);
            conditional_create_request(out, "QuestionnaireResponse", uuid_system, response_identifier_value(r));
            out.close_object();
            t.owners.push_back({part.response_index, true});
        }
        for (const auto& [subscale, score] : r.scores) {
            if (!in_part(entry++)) continue;
            out.open_object().field("fullUrl", "urn:uuid:" + new_uuid_v4()).key("resource");
            write_score_observation(out, r, subscale, score, response_ref, options);
            conditional_create_request(out, "Observation", score_system, score_identifier_value(r, subscale));
            out.close_object();
            t.owners.push_back({part.response_index, false});
        }
        if (options.follow_up_task && is_flagged(r) && in_part(entry)) {
            out.open_object().field("fullUrl", "urn:uuid:" + new_uuid_v4()).key("resource");
            write_follow_up_task(out, r, response_ref, options);
            conditional_create_request(out, "Task", follow_up_system, r.session_id);
            out.close_object();
            t.owners.push_back({part.response_index, false});
        }
    }
    out.close_array().close_object();
    t.body = out.take();
    return t;
}

}  // namespace alliance::sync::fhir
