#pragma once
// UI strings per language, from content/strings/<lang>.json (flat {"key": "text"} objects).
// A string missing in a language falls back to English; a key missing everywhere is a bug
// caught by the content test.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alliance {

// A language code as BCP 47 writes it, e.g. "en", "es", "es-419", "pt-BR": a primary subtag of
// 2-3 lower-case letters, then subtags of 1-8 letters or digits. The one rule for a questionnaire's
// languages and the config's ([kiosk] languages, [report] language).
bool is_language_code(std::string_view code);

class Strings {
public:
    // Loads every <lang>.json in `dir`; throws std::runtime_error naming the file and key.
    static Strings load(const std::filesystem::path& dir);
    // The text for `key` in `language`, else in English, else the key itself.
    const std::string& get(std::string_view language, std::string_view key) const;
    // `get` with {name} placeholders replaced, e.g. format("es", "progress", {{"n","3"},{"of","9"}}).
    std::string format(std::string_view language, std::string_view key,
                       const std::map<std::string, std::string>& values) const;
    std::vector<std::string> languages() const;
    bool has(std::string_view language, std::string_view key) const;
    // Native name of a language for its button, e.g. "Español" (key "language.name").
    const std::string& language_name(std::string_view language) const;
    // Lays each <lang>.json in `dir` over the loaded strings: its keys replace the loaded text,
    // keys it lacks keep it. Returns one warning per file that lacks loaded keys (naming the file
    // and the keys) or has keys the loaded strings do not (unused by this version). Throws like
    // load() for an unreadable or invalid file.
    std::vector<std::string> lay_over(const std::filesystem::path& dir);
    // Every key `language` defines itself (without fallback), sorted; for content checks.
    std::vector<std::string> keys(std::string_view language) const;

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_language_;
};

}  // namespace alliance
