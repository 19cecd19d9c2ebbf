#include "core/base/strings.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace alliance {

bool is_language_code(std::string_view code) {
    // Primary subtag of 2–3 letters, then subtags of 1–8 letters or digits ("es", "es-419").
    std::size_t pos = 0, part = 0;
    while (pos <= code.size()) {
        std::size_t end = code.find('-', pos);
        if (end == std::string_view::npos) end = code.size();
        std::string_view sub = code.substr(pos, end - pos);
        bool ok = part == 0 ? (sub.size() == 2 || sub.size() == 3) &&
                                  std::all_of(sub.begin(), sub.end(), [](char c) { return c >= 'a' && c <= 'z'; })
                            : !sub.empty() && sub.size() <= 8 && std::all_of(sub.begin(), sub.end(), [](char c) {
                                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                              });
        if (!ok) return false;
        pos = end + 1;
        ++part;
    }
    return true;
}
namespace {

constexpr std::string_view fallback_language = "en";

std::map<std::string, std::string, std::less<>> read_strings_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot read the strings file");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& error) {  // syntax, and numbers out of range (1e400)
        throw std::runtime_error(file.string() + ": not valid JSON: " + error.what());
    }
    if (!json.is_object()) {
        throw std::runtime_error(file.string() + ": expected one JSON object of \"key\": \"text\" pairs, got " +
                                 std::string(json.type_name()));
    }
    std::map<std::string, std::string, std::less<>> texts;
    for (const auto& [key, value] : json.items()) {
        if (!value.is_string()) {
            throw std::runtime_error(file.string() + ": \"" + key + "\": expected a string, got " +
                                     std::string(value.type_name()));
        }
        // An empty text would draw an empty button: a translation left unfinished.
        if (value.get_ref<const std::string&>().empty()) {
            throw std::runtime_error(file.string() + ": \"" + key + "\": expected some text, got an empty string");
        }
        texts.emplace(key, value.get<std::string>());
    }
    return texts;
}

// Keys missing everywhere are returned as themselves; get() returns a reference, so they are
// kept here for the life of the program (set nodes never move).
const std::string& remember_missing(std::string_view key) {
    static std::mutex mutex;
    static std::set<std::string, std::less<>> missing;
    const std::lock_guard lock(mutex);
    auto it = missing.find(key);
    if (it == missing.end()) it = missing.emplace(key).first;
    return *it;
}

}  // namespace

Strings Strings::load(const std::filesystem::path& dir) {
    Strings strings;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() != ".json") continue;
        strings.by_language_.emplace(entry.path().stem().string(), read_strings_file(entry.path()));
    }
    if (error) throw std::runtime_error(dir.string() + ": cannot list the strings directory: " + error.message());
    if (!strings.by_language_.contains(fallback_language)) {
        throw std::runtime_error((dir / "en.json").string() +
                                 ": missing; English is the fallback for every other language");
    }
    return strings;
}

std::vector<std::string> Strings::lay_over(const std::filesystem::path& dir) {
    std::vector<std::string> warnings;
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    if (error) throw std::runtime_error(dir.string() + ": cannot list the strings directory: " + error.message());
    std::sort(files.begin(), files.end());
    const auto join = [](const std::vector<std::string>& keys) {
        std::string out;
        for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
        return out;
    };
    for (const auto& file : files) {
        const auto own = read_strings_file(file);
        const std::string language = file.stem().string();
        // A language the package lacks is measured against English, which fills its gaps.
        const auto packaged = by_language_.contains(language) ? by_language_.at(language)
                                                              : by_language_.at(std::string(fallback_language));
        std::vector<std::string> lacking, unused;
        for (const auto& [key, text] : packaged)
            if (!own.contains(key)) lacking.push_back(key);
        for (const auto& [key, text] : own)
            if (!packaged.contains(key)) unused.push_back(key);
        auto& texts = by_language_[language];
        if (texts.empty()) texts = packaged;
        for (const auto& [key, text] : own) texts[key] = text;
        if (!lacking.empty())
            warnings.push_back(file.string() + ": lacks " + std::to_string(lacking.size()) +
                               " key(s) of the packaged strings; they show the packaged text: " + join(lacking));
        if (!unused.empty())
            warnings.push_back(file.string() + ": " + std::to_string(unused.size()) +
                               " key(s) this version does not use (renamed or removed?): " + join(unused));
    }
    return warnings;
}

const std::string& Strings::get(std::string_view language, std::string_view key) const {
    for (std::string_view lang : {language, fallback_language}) {
        const auto texts = by_language_.find(lang);
        if (texts == by_language_.end()) continue;
        const auto text = texts->second.find(key);
        if (text != texts->second.end()) return text->second;
    }
    return remember_missing(key);
}

std::string Strings::format(std::string_view language, std::string_view key,
                            const std::map<std::string, std::string>& values) const {
    const std::string& pattern = get(language, key);
    std::string out;
    out.reserve(pattern.size());
    std::size_t pos = 0;
    while (pos < pattern.size()) {
        const std::size_t open = pattern.find('{', pos);
        const std::size_t close = open == std::string::npos ? open : pattern.find('}', open);
        if (close == std::string::npos) break;
        out.append(pattern, pos, open - pos);
        const auto value = values.find(pattern.substr(open + 1, close - open - 1));
        // An unknown placeholder stays visible so that the mistake shows on screen and in tests.
        if (value != values.end()) {
            out += value->second;
        } else {
            out.append(pattern, open, close - open + 1);
        }
        pos = close + 1;
    }
    out.append(pattern, pos);
    return out;
}

std::vector<std::string> Strings::languages() const {
    std::vector<std::string> codes;
    for (const auto& [code, texts] : by_language_) codes.push_back(code);
    return codes;
}

std::vector<std::string> Strings::keys(std::string_view language) const {
    std::vector<std::string> out;
    const auto texts = by_language_.find(language);
    if (texts != by_language_.end()) {
        for (const auto& [key, text] : texts->second) out.push_back(key);
    }
    return out;
}

bool Strings::has(std::string_view language, std::string_view key) const {
    const auto texts = by_language_.find(language);
    return texts != by_language_.end() && texts->second.contains(key);
}

const std::string& Strings::language_name(std::string_view language) const {
    // Each language's own name for itself, never the English fallback's "English".
    if (has(language, "language.name")) return get(language, "language.name");
    return remember_missing(language);
}

}  // namespace alliance
