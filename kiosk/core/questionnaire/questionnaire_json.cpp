#include "core/questionnaire/questionnaire_json.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/base/strings.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance::qjson {

Where Where::in_item(std::string label) const {
    Where w = *this;
    w.prefix_.clear();
    w.item_ = std::move(label);
    return w;
}

Where Where::at(std::string_view sub) const {
    Where w = *this;
    w.prefix_ += std::string(sub) + ".";
    return w;
}

void Where::ignore_extension(const std::string& url) const {
    if (std::find(ignored_->begin(), ignored_->end(), url) == ignored_->end()) ignored_->push_back(url);
}

void Where::fail(std::string_view field, std::string_view what) const {
    std::string msg = file_ + ": ";
    if (!item_.empty()) msg += item_ + ": ";
    msg += prefix_;
    msg += field;
    msg += ": ";
    msg += what;
    throw QuestionnaireError(msg);
}

namespace {

std::string type_name(const Json& j) {
    if (j.is_number_integer()) return "an integer";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_boolean()) return "a boolean";
    if (j.is_null()) return "null";
    if (j.is_array()) return "an array";
    return "an object";
}

std::string expected(std::string_view what, const Json& found) {
    return "expected " + std::string(what) + ", found " + type_name(found);
}

const Json* find(const Json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

}  // namespace

std::string_view unsupported_hint(std::string_view key) {
    struct Hint {
        std::string_view key, text;
    };
    static constexpr Hint hints[] = {
        {"answerValueSet", "not supported by the kiosk; list the answers in answerOption"},
        {"initial", "not supported by the kiosk; a patient always starts from no answer"},
        {"answerConstraint", "not supported by the kiosk (FHIR R5); use type choice with answerOption"},
        {"maxLength", "not supported by the kiosk"},
        {"prefix", "not supported by the kiosk; put any numbering in the text"},
        {"modifierExtension", "not supported by the kiosk; it would change the meaning of the item"},
        {"disabledDisplay", "not supported by the kiosk; disabled items are always hidden"},
        {"contained", "not supported by the kiosk; the questionnaire must stand alone"},
        {"derivedFrom", "not supported by the kiosk"},
        {"implicitRules", "not supported by the kiosk"},
    };
    for (const auto& h : hints)
        if (h.key == key) return h.text;
    return {};
}

void check_keys(const Json& obj, const AllowedKeys& allowed, const Where& where) {
    for (const auto& entry : obj.items()) {
        const std::string& key = entry.key();
        auto listed = [&](std::initializer_list<std::string_view> keys) {
            return std::find(keys.begin(), keys.end(), key) != keys.end();
        };
        if (listed(allowed.used) || listed(allowed.ignored)) continue;
        // `_date`, `_publisher`, ...: the extensions of ignored metadata are ignored too.
        if (key.size() > 1 && key[0] == '_') {
            std::string_view base = std::string_view(key).substr(1);
            if (std::find(allowed.ignored.begin(), allowed.ignored.end(), base) != allowed.ignored.end()) continue;
        }
        std::string_view hint = unsupported_hint(key);
        where.fail(key, hint.empty() ? "property not supported by the kiosk" : hint);
    }
}

const Json& require_object(const Json& j, std::string_view field, const Where& where) {
    if (!j.is_object()) where.fail(field, expected("an object", j));
    return j;
}

const Json& require_array(const Json& j, std::string_view field, const Where& where) {
    if (!j.is_array()) where.fail(field, expected("an array", j));
    return j;
}

std::optional<std::string> optional_string(const Json& obj, std::string_view key, const Where& where) {
    const Json* v = find(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) where.fail(key, expected("a string", *v));
    return v->get<std::string>();
}

std::string required_string(const Json& obj, std::string_view key, const Where& where) {
    auto s = optional_string(obj, key, where);
    if (!s || s->empty()) where.fail(key, "required, a non-empty string");
    return *s;
}

std::optional<bool> optional_bool(const Json& obj, std::string_view key, const Where& where) {
    const Json* v = find(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) where.fail(key, expected("true or false", *v));
    return v->get<bool>();
}

int required_int(const Json& obj, std::string_view key, const Where& where) {
    const Json* v = find(obj, key);
    if (!v) where.fail(key, "required, an integer");
    if (!v->is_number_integer()) where.fail(key, expected("an integer", *v));
    auto value = v->get<std::int64_t>();
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        where.fail(key, "integer out of range");
    return static_cast<int>(value);
}

std::vector<Extension> read_extensions(const Json& obj, std::string_view key, const Where& where) {
    std::vector<Extension> out;
    const Json* arr = find(obj, key);
    if (!arr) return out;
    require_array(*arr, key, where);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const Json& e = (*arr)[i];
        std::string field = std::string(key) + "[" + std::to_string(i) + "]";
        require_object(e, field, where);
        Where here = where.at(field);
        Extension ext;
        ext.field = field;
        ext.url = required_string(e, "url", here);
        for (const auto& [k, v] : e.items()) {
            if (k == "url") continue;
            if (k.rfind("value", 0) == 0) {
                if (ext.value) here.fail(k, "an extension has exactly one value[x], found a second");
                ext.value_key = k;
                ext.value = &v;
            } else if (k.rfind("_value", 0) == 0) {
                ext.underscore_value = &v;
            } else if (k == "extension") {
                require_array(v, k, here);
                ext.complex = true;
            } else if (k == "id") {
                continue;
            } else {
                here.fail(k, "property not supported in an extension");
            }
        }
        if (!ext.value && !ext.complex) here.fail("value[x]", "extension '" + ext.url + "' has no value");
        if (ext.value && ext.complex) here.fail("extension", "an extension has a value[x] or sub-extensions, not both");
        out.push_back(std::move(ext));
    }
    return out;
}

bool extension_bool(const Extension& e, const Where& where) {
    if (e.value_key != "valueBoolean" || !e.value->is_boolean())
        where.at(e.field).fail(e.value_key.empty() ? "value[x]" : e.value_key,
                               "extension '" + e.url + "' needs a valueBoolean");
    return e.value->get<bool>();
}

std::string extension_string(const Extension& e, std::string_view value_key, const Where& where) {
    if (e.value_key != value_key || !e.value->is_string() || e.value->get<std::string>().empty())
        where.at(e.field).fail(e.value_key, "extension '" + e.url + "' needs a non-empty " + std::string(value_key));
    return e.value->get<std::string>();
}

int extension_int(const Extension& e, const Where& where) {
    if (e.value_key != "valueInteger" || !e.value->is_number_integer())
        where.at(e.field).fail(e.value_key, "extension '" + e.url + "' needs a valueInteger");
    auto v = e.value->get<std::int64_t>();
    if (v < -1000000 || v > 1000000) where.at(e.field).fail(e.value_key, "integer out of range");
    return static_cast<int>(v);
}

double extension_decimal(const Extension& e, const Where& where) {
    if (e.value_key != "valueDecimal" || !e.value->is_number() || !std::isfinite(e.value->get<double>()))
        where.at(e.field).fail(e.value_key, "extension '" + e.url + "' needs a valueDecimal");
    return e.value->get<double>();
}

namespace {

// The translation extension: {"url": ".../translation", "extension": [{"url": "lang",
// "valueCode": "es"}, {"url": "content", "valueString": "..."}]}.
void read_translation(const Json& e, const Where& here, const std::string& base_language, Text& text) {
    check_keys(e, {{"url", "extension"}}, here);
    const Json* parts = find(e, "extension");
    if (!parts) here.fail("extension", "a translation needs sub-extensions 'lang' and 'content'");
    require_array(*parts, "extension", here);
    std::optional<std::string> lang, content;
    for (std::size_t i = 0; i < parts->size(); ++i) {
        std::string field = "extension[" + std::to_string(i) + "]";
        const Json& p = require_object((*parts)[i], field, here);
        Where sub = here.at(field);
        std::string url = required_string(p, "url", sub);
        if (url == "lang") {
            check_keys(p, {{"url", "valueCode"}}, sub);
            lang = required_string(p, "valueCode", sub);
        } else if (url == "content") {
            check_keys(p, {{"url", "valueString"}}, sub);
            content = required_string(p, "valueString", sub);
        } else {
            sub.fail("url", "expected 'lang' or 'content' in a translation, found '" + url + "'");
        }
    }
    if (!lang) here.fail("extension", "translation without its 'lang' sub-extension");
    if (!content) here.fail("extension", "translation without its 'content' sub-extension");
    if (!is_language_code(*lang)) here.fail("lang", "'" + *lang + "' is not a language code such as 'es' or 'es-419'");
    if (*lang == base_language)
        here.fail("lang", "'" + *lang +
                              "' is the questionnaire's base language; put that text in the "
                              "element itself");
    if (!text.translations.emplace(*lang, *content).second)
        here.fail("lang", "a second translation into '" + *lang + "'");
}

}  // namespace

Text text_with_translations(const std::string& base, const Json* underscore, std::string_view field, const Where& where,
                            const std::string& base_language) {
    Text text;
    text.base = base;
    if (!underscore) return text;
    require_object(*underscore, field, where);
    Where here = where.at(field);
    check_keys(*underscore, {{"extension"}, {"id"}}, here);
    const Json* exts = find(*underscore, "extension");
    if (!exts) return text;
    require_array(*exts, "extension", here);
    for (std::size_t i = 0; i < exts->size(); ++i) {
        std::string sub = "extension[" + std::to_string(i) + "]";
        const Json& e = require_object((*exts)[i], sub, here);
        std::string url = required_string(e, "url", here.at(sub));
        // rendering-xhtml, rendering-style, ...: how an authoring tool renders the text; the
        // plain text is what the kiosk shows.
        if (url != translation_extension_url) {
            here.ignore_extension(url);
            continue;
        }
        read_translation(e, here.at(sub), base_language, text);
    }
    return text;
}

std::optional<Text> optional_text(const Json& obj, std::string_view key, const Where& where,
                                  const std::string& base_language) {
    std::string underscore_key = "_" + std::string(key);
    const Json* underscore = find(obj, underscore_key);
    auto base = optional_string(obj, key, where);
    if (!base && !underscore) return std::nullopt;
    if (!base || base->empty())
        where.fail(key, "required, a non-empty string (the text in the questionnaire's language)");
    return text_with_translations(*base, underscore, underscore_key, where, base_language);
}

}  // namespace alliance::qjson
