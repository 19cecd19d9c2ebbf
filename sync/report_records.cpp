#include "sync/report_records.h"

#include <simdjson.h>

#include <fstream>

#include "sync/target.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

namespace od = simdjson::ondemand;

// The therapist extension of this version and of the versions before it.
constexpr std::string_view therapist_urls[] = {"https://alliance-kiosk.org/fhir/StructureDefinition/therapist-seen",
                                               "urn:alliance-kiosk:fhir:StructureDefinition:therapist-seen"};

[[noreturn]] void wrong(std::string_view element) {
    throw std::runtime_error("QuestionnaireResponse: element '" + std::string(element) + "' has the wrong type");
}

std::string_view text(od::value& v, std::string_view element) {
    std::string_view out;
    if (v.get_string().get(out)) wrong(element);
    return out;
}

template <class Visit>
void members(od::value& v, std::string_view element, Visit&& visit) {
    od::object object;
    if (v.get_object().get(object)) wrong(element);
    for (auto field : object) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) wrong(element);
        visit(key, value);
    }
}

template <class Each>
void elements(od::value& v, std::string_view element, Each&& each) {
    od::array array;
    if (v.get_array().get(array)) wrong(element);
    for (auto item : array) {
        od::value value;
        if (item.get(value)) wrong(element);
        each(value);
    }
}

void read_reference(od::value& v, ReportRecord& r) {
    std::string system, value;
    members(v, "valueReference", [&](std::string_view key, od::value& m) {
        if (key == "reference") r.therapist_key = std::string(text(m, key));
        if (key == "display") r.therapist_name = std::string(text(m, key));
        if (key == "identifier")
            members(m, key, [&](std::string_view k, od::value& x) {
                if (k == "system") system = std::string(text(x, k));
                if (k == "value") value = std::string(text(x, k));
            });
    });
    if (r.therapist_key.empty() && !value.empty()) r.therapist_key = system + "|" + value;
}

void read_extension(od::value& v, ReportRecord& r) {
    elements(v, "extension", [&](od::value& e) {
        bool therapist = false;
        members(e, "extension", [&](std::string_view key, od::value& m) {
            if (key == "url") {
                const std::string_view url = text(m, key);
                for (const auto known : therapist_urls) therapist = therapist || url == known;
            } else if (key == "valueReference" && therapist) {
                read_reference(m, r);
            }
        });
    });
}

std::optional<AnswerValue> answer_value(std::string_view key, od::value& v) {
    if (key == "valueCoding") {
        Coding c;
        members(v, key, [&](std::string_view k, od::value& m) {
            if (k == "system") c.system = std::string(text(m, k));
            if (k == "code") c.code = std::string(text(m, k));
        });
        return c;
    }
    if (key == "valueInteger") {
        std::int64_t i = 0;
        if (v.get_int64().get(i)) wrong(key);
        return static_cast<int>(i);
    }
    if (key == "valueBoolean") {
        bool b = false;
        if (v.get_bool().get(b)) wrong(key);
        return b;
    }
    if (key == "valueString") return std::string(text(v, key));
    return std::nullopt;
}

void read_items(od::value& v, AnswerMap& answers);

void read_item(od::value& v, AnswerMap& answers) {
    std::string link_id;
    std::vector<AnswerValue> values;
    members(v, "item", [&](std::string_view key, od::value& m) {
        if (key == "linkId") link_id = std::string(text(m, key));
        if (key == "item") read_items(m, answers);
        if (key == "answer")
            elements(m, key, [&](od::value& a) {
                members(a, key, [&](std::string_view k, od::value& x) {
                    if (k == "item")
                        read_items(x, answers);
                    else if (auto value = answer_value(k, x))
                        values.push_back(std::move(*value));
                });
            });
    });
    if (!link_id.empty() && !values.empty()) answers[link_id] = std::move(values);
}

void read_items(od::value& v, AnswerMap& answers) {
    elements(v, "item", [&](od::value& item) { read_item(item, answers); });
}

// One resource, already an object; false when a member cannot be read.
bool read_object(od::object& object, const RecordVisitor& visit) {
    ReportRecord r;
    bool is_response = false;
    for (auto field : object) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) return false;
        if (key == "resourceType") {
            is_response = text(value, key) == "QuestionnaireResponse";
            if (!is_response) return true;  // resourceType first, as FHIR JSON writes it: skip the rest
        } else if (key == "status") {
            r.status = std::string(text(value, key));
        } else if (key == "questionnaire") {
            const std::string_view canonical = text(value, key);
            r.questionnaire = std::string(canonical.substr(0, canonical.find('|')));
        } else if (key == "authored") {
            r.authored = std::string(text(value, key));
        } else if (key == "extension") {
            read_extension(value, r);
        } else if (key == "item") {
            read_items(value, r.answers);
        }
    }
    if (is_response) visit(r);
    return true;
}

}  // namespace

bool read_resource(std::string_view json, const RecordVisitor& visit) {
    thread_local od::parser parser;
    const simdjson::padded_string padded(json);
    od::document doc;
    od::object object;
    if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) return false;
    return read_object(object, visit);
}

void read_ndjson_file(const std::filesystem::path& file, const RecordVisitor& visit) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot open");
    std::string line;
    for (long number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            if (!read_resource(line, visit))
                throw std::runtime_error("not a JSON object (each line must be one FHIR resource)");
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    if (in.bad()) throw std::runtime_error(file.string() + ": read error");
}

int read_server(HttpClient& http, Auth& auth, const ServerQuery& query, const RecordVisitor& visit) {
    // No `questionnaire` parameter: servers differ on whether a canonical without "|version"
    // matches versioned ones (Medplum: no; the spec and HAPI: yes), so the model filters instead.
    std::string url = join_url(query.base_url, "QuestionnaireResponse") + "?authored=ge" + query.from + "&authored=le" +
                      query.to + "T23:59:59Z&_count=" + std::to_string(query.page_size);
    int pages = 0;
    thread_local od::parser parser;
    while (!url.empty()) {
        HttpRequest request;
        request.url = url;
        request.headers = {{"Accept", "application/fhir+json"}};
        const HttpResponse reply = send_authorized(http, auth, request);
        if (!reply.replied()) throw std::runtime_error(url + ": " + reply.error);
        if (reply.status != 200)
            throw std::runtime_error(url + ": HTTP " + std::to_string(reply.status) + ": " +
                                     operation_outcome_text(reply.body));
        ++pages;
        const std::string page_url = url;
        url.clear();
        const simdjson::padded_string padded(reply.body);
        od::document doc;
        od::object bundle;
        if (parser.iterate(padded).get(doc) || doc.get_object().get(bundle))
            throw std::runtime_error(page_url + ": the reply is not a JSON Bundle");
        for (auto field : bundle) {
            std::string_view key;
            od::value value;
            if (field.unescaped_key().get(key) || field.value().get(value)) wrong("Bundle");
            if (key == "link") {
                elements(value, key, [&](od::value& link) {
                    std::string relation, href;
                    members(link, key, [&](std::string_view k, od::value& m) {
                        if (k == "relation") relation = std::string(text(m, k));
                        if (k == "url") href = std::string(text(m, k));
                    });
                    if (relation == "next") url = href;
                });
            } else if (key == "entry") {
                elements(value, key, [&](od::value& entry) {
                    members(entry, key, [&](std::string_view k, od::value& m) {
                        od::object resource;
                        if (k == "resource" && (m.get_object().get(resource) || !read_object(resource, visit)))
                            wrong("Bundle.entry.resource");
                    });
                });
            }
        }
    }
    return pages;
}

}  // namespace alliance::sync
