#include "core/questionnaire/questionnaire_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/base/strings.h"
#include "core/questionnaire/questionnaire_json.h"

// The Questionnaire resource: its JSON, identity, status, title and Questionnaire-level
// extensions. Its items are read in questionnaire_items.cpp, the references between them in
// questionnaire_references.cpp.
namespace alliance {
namespace {

using qjson::Json;
using qjson::valid_name;
using qjson::Where;

constexpr std::uintmax_t max_file_bytes = std::uintmax_t{4} * 1024 * 1024;

// The resource: JSON, an object, a Questionnaire, with only the properties the kiosk knows.
Json parse_root(const std::string& json_text, const Where& top) {
    Json root;
    try {
        root = Json::parse(json_text);
    } catch (const Json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
        std::string what = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " tag; keep "parse error at line ...".
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        top.fail("JSON", what);
    }
    if (!root.is_object()) top.fail("JSON", "expected an object (a FHIR Questionnaire resource)");
    auto type = qjson::optional_string(root, "resourceType", top);
    if (type != "Questionnaire")
        top.fail("resourceType",
                 "expected 'Questionnaire', found " + (type ? "'" + *type + "'" : std::string("nothing")));
    qjson::check_keys(
        root,
        {{"resourceType", "id", "url", "version", "name", "title", "_title", "status", "language", "extension", "item"},
         {"meta", "text", "identifier", "experimental", "date", "publisher", "description", "purpose", "copyright",
          "contact", "useContext", "jurisdiction", "subjectType", "approvalDate", "lastReviewDate", "effectivePeriod",
          "code"}},
        top);
    return root;
}

// Language, id, url, version, name, status and title.
void read_identity(const Json& root, const Where& top, Questionnaire& q) {
    q.language = qjson::optional_string(root, "language", top).value_or("");
    q.id = qjson::optional_string(root, "id", top).value_or("");
    q.url = qjson::optional_string(root, "url", top).value_or("");
    qjson::fill_missing_identity(q, top);
    if (!is_language_code(q.language))
        top.fail("language", "'" + q.language + "' is not a language code such as 'en' or 'es'");
    q.version = qjson::optional_string(root, "version", top).value_or("");
    q.name = qjson::optional_string(root, "name", top).value_or("");
    q.status = qjson::required_string(root, "status", top);
    if (q.status != "draft" && q.status != "active" && q.status != "retired" && q.status != "unknown")
        top.fail("status", "expected draft, active, retired or unknown, found '" + q.status + "'");
    if (auto title = qjson::optional_text(root, "title", top, q.language))
        q.title = *title;
    else
        q.title.base = q.name;
}

// The Questionnaire-level extensions: the flag rule (into `q`) and the subscales declared, in order.
std::vector<std::string> read_declared_subscales(const Json& root, const Where& top, Questionnaire& q) {
    std::vector<std::string> declared;
    for (const auto& e : qjson::read_extensions(root, "extension", top)) {
        if (e.url == flag_total_below_extension_url || e.url == flag_item_at_or_below_extension_url) {
            qjson::read_flag_rule(e, top, q.flag_rule);
            continue;
        }
        if (e.url != subscale_extension_url) {
            top.ignore_extension(e.url);
            continue;
        }
        std::string s = qjson::extension_string(e, "valueCode", top);
        if (!valid_name(s, 32) || s == "total")
            top.at(e.field).fail("valueCode", "subscale '" + s +
                                                  "': expected 1–32 letters, digits, '-', '_' or '.', "
                                                  "and not 'total'");
        if (std::find(declared.begin(), declared.end(), s) != declared.end())
            top.at(e.field).fail("valueCode", "subscale '" + s + "' is declared twice");
        declared.push_back(s);
    }
    return declared;
}

// The items, and the subscales: those declared (each must score an item), then the built-in ones
// the items use, in order of first use.
void read_items(const Json& root, const Where& top, const std::vector<std::string>& declared, Questionnaire& q) {
    auto items = root.find("item");
    if (items == root.end() || !items->is_array() || items->empty())
        top.fail("item", "required, a non-empty array of items");
    qjson::ParsedItems parsed = qjson::parse_items(*items, top, q.language, declared);
    q.items = std::move(parsed.items);
    if (q.items.empty()) top.fail("item", "every item is left out (hidden or computed); nothing to ask");
    q.warnings.insert(q.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());

    const auto& used = parsed.used_subscales;
    for (const auto& s : declared)
        if (std::find(used.begin(), used.end(), s) == used.end())
            top.fail("extension", "subscale '" + s + "' is declared but no item is scored in it");
    q.subscales = declared;
    for (const auto& s : used)
        if (std::find(q.subscales.begin(), q.subscales.end(), s) == q.subscales.end()) q.subscales.push_back(s);
}

}  // namespace

Questionnaire parse_questionnaire(const std::string& json_text, const std::string& file_name) {
    Where top(file_name);
    const Json root = parse_root(json_text, top);
    Questionnaire q;
    q.source_file = file_name;
    read_identity(root, top, q);
    const std::vector<std::string> declared = read_declared_subscales(root, top, q);
    read_items(root, top, declared, q);
    qjson::check_enable_when_references(q);
    qjson::collect_languages(q);
    qjson::warn_ignored_extensions(q, top);
    return q;
}

Questionnaire load_questionnaire(const std::filesystem::path& file) {
    Where top(file.string());
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    if (ec) top.fail("file", "cannot read: " + ec.message());
    if (size > max_file_bytes) top.fail("file", "too large (" + std::to_string(size) + " bytes; at most 4 MiB)");
    std::ifstream in(file, std::ios::binary);
    if (!in) top.fail("file", std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_questionnaire(text.str(), file.string());
}

}  // namespace alliance
