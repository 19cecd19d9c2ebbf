#include "sync/publish.h"

#include <algorithm>
#include <fstream>

#include "core/content/paths.h"
#include "sync/target.h"
#include "sync/text_util.h"

namespace alliance::sync {
namespace {

using nlohmann::json;

Definition read_definition(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file.string() + ": cannot read");
    Definition d;
    d.file = file.string();
    try {
        d.resource = json::parse(in);
    } catch (const json::exception& e) {
        throw ConfigError(file.string() + ": not JSON (" + std::string(e.what()) + ")");
    }
    for (const auto& [key, out] : {std::pair{"resourceType", &d.type}, {"url", &d.url}, {"version", &d.version}}) {
        const auto it = d.resource.find(key);
        if (it == d.resource.end() || !it->is_string() || it->get<std::string>().empty())
            throw ConfigError(file.string() + ": " + key +
                              ": expected a non-empty string (a definition is published "
                              "by url and version)");
        *out = it->get<std::string>();
    }
    return d;
}

// What the server adds or may rewrite: not part of the definition's content.
json content_of(json resource) {
    for (const char* key : {"id", "meta", "text"}) resource.erase(key);
    return resource;
}

std::string search_query(const Definition& d) {
    return "url=" + percent_encode(d.url, ":/") + "&version=" + percent_encode(d.version);
}

json send(HttpClient& http, Auth& auth, HttpRequest request, std::initializer_list<long> expected) {
    request.headers["Accept"] = "application/fhir+json";
    const HttpResponse reply = send_authorized(http, auth, request);
    if (!reply.replied()) throw std::runtime_error(request.url + ": " + reply.error);
    if (std::find(expected.begin(), expected.end(), reply.status) == expected.end())
        throw std::runtime_error(request.method + " " + request.url + ": HTTP " + std::to_string(reply.status) + ": " +
                                 operation_outcome_text(reply.body));
    try {
        return json::parse(reply.body);
    } catch (const json::exception&) {
        throw std::runtime_error(request.url + ": the reply is not JSON");
    }
}

}  // namespace

std::vector<Definition> load_definitions(const Config& config) {
    std::vector<std::filesystem::path> files;
    const std::filesystem::path dir = content_dir(config) / "fhir";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    if (ec) throw ConfigError(dir.string() + ": cannot list the FHIR definitions (" + ec.message() + ")");
    std::sort(files.begin(), files.end());
    files.push_back(questionnaire_file(config));
    std::vector<Definition> out;
    for (const auto& f : files) out.push_back(read_definition(f));
    return out;
}

std::vector<DefinitionOutcome> sync_definitions(HttpClient& http, Auth& auth, const std::string& base_url,
                                                const std::vector<Definition>& definitions, bool create) {
    std::vector<DefinitionOutcome> outcomes;
    for (const Definition& d : definitions) {
        DefinitionOutcome o;
        o.definition = &d;
        HttpRequest search;
        search.url = join_url(base_url, d.type) + "?" + search_query(d);
        const json bundle = send(http, auth, search, {200});
        const json entries = bundle.value("entry", json::array());
        if (entries.size() > 1) {
            o.state = DefinitionState::ambiguous;
        } else if (entries.size() == 1) {
            const json& found = entries[0].value("resource", json::object());
            o.server_id = d.type + "/" + found.value("id", "");
            o.state = content_of(found) == content_of(d.resource) ? DefinitionState::same : DefinitionState::different;
        } else if (create) {
            HttpRequest put;
            put.method = "PUT";
            put.url = search.url;
            put.headers = {{"Content-Type", "application/fhir+json"}};
            json body = d.resource;
            body.erase("id");  // the server names it (a client id in a create-as-update is refused by some)
            put.body = body.dump();
            const json stored = send(http, auth, put, {200, 201});
            o.server_id = d.type + "/" + stored.value("id", "");
            o.created = true;
            o.state = DefinitionState::same;
        }
        outcomes.push_back(std::move(o));
    }
    return outcomes;
}

std::string format_outcome(const DefinitionOutcome& o) {
    const Definition& d = *o.definition;
    const std::string what = d.type + " " + d.url + "|" + d.version;
    switch (o.state) {
        case DefinitionState::same:
            return (o.created ? "[new ] " : "[ ok ] ") + what +
                   (o.created ? ": created (" : ": already on the server (") + o.server_id + ")";
        case DefinitionState::missing:
            return "[miss] " + what + ": not on the server (alliance-sync publish uploads it)";
        case DefinitionState::different:
            return "[FAIL] " + what + ": the server holds a DIFFERENT resource with this url and version (" +
                   o.server_id + "); not overwritten. Give " + d.file +
                   " a new version, or retire the server's copy by hand if it was published by mistake";
        case DefinitionState::ambiguous:
            return "[FAIL] " + what + ": the server holds several resources with this url and version; not touched";
    }
    return what;
}

}  // namespace alliance::sync
