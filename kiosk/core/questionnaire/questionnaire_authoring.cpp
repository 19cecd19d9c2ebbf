// What makes questionnaires exported by SDC authoring tools (LHC-Forms, Smart Forms, ...) load:
// items the patient is never asked (hidden, computed by the form), and the url and language such
// exports may leave out. Everything here is said in Questionnaire::warnings, never silently.
#include <filesystem>

#include "core/questionnaire/questionnaire_json.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance::qjson {

std::optional<std::string> left_out_reason(const Json& item, const Where& w) {
    // A modifier changes what the item means: it is refused before anything is left out.
    if (item.contains("modifierExtension")) w.fail("modifierExtension", unsupported_hint("modifierExtension"));
    if (auto read_only = optional_bool(item, "readOnly", w); read_only && *read_only)
        return "read-only (readOnly: the form fills it, the patient is never asked)";
    for (const auto& e : read_extensions(item, "extension", w)) {
        if (e.url == hidden_extension_url && extension_bool(e, w)) return "hidden (extension '" + e.url + "')";
        if (e.url == calculated_expression_extension_url)
            return "computed by the form (extension '" + e.url + "'; the kiosk computes its own scores)";
    }
    return std::nullopt;
}

void fill_missing_identity(Questionnaire& q, const Where& top) {
    const std::string& file = top.file();
    if (q.language.empty()) {
        q.language = "en";
        q.warnings.push_back(file +
                             ": language: not given; the texts are taken as English ('en'); "
                             "add \"language\" to say otherwise");
    }
    if (q.url.empty()) {
        const std::string name = q.id.empty() ? std::filesystem::path(file).stem().string() : q.id;
        q.url = "urn:alliance-kiosk:questionnaire:" + name;
        q.warnings.push_back(file + ": url: not given; responses cite '" + q.url +
                             "'; add the questionnaire's canonical \"url\" so that the clinic's server can "
                             "tell which questionnaire they answer");
    }
}

void warn_ignored_extensions(Questionnaire& q, const Where& top) {
    const auto& urls = top.ignored_extensions();
    if (urls.empty()) return;
    std::string line = top.file() + ": ignored " + std::to_string(urls.size()) +
                       " extension(s) the kiosk does not use (they change nothing the patient is asked): ";
    for (std::size_t i = 0; i < urls.size(); ++i) line += (i ? ", " : "") + urls[i];
    q.warnings.push_back(line);
}

}  // namespace alliance::qjson
