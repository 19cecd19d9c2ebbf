#pragma once
// Reads one TOML table of the config with strict types and ranges, remembering which keys it
// used so that finish() can refuse the rest: a misspelt key must not silently fall back to a
// default. Every error has the shape "<file>: [section] key: expected <what>, got <what> (line N)".
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace alliance::config_detail {

// A plain description of a TOML value for messages: "the string \"sixty\"", "5", "an array".
std::string describe(const toml::node& node);
// " (line 4)" if toml++ knows where the node came from, else "".
std::string where(const toml::node& node);
// The closest of `candidates` to `word` if it is a likely typo of it, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// Refuses, before toml++ parses it, text that would make toml++ 3.3 misbehave (see
// config_prescan.cpp) or that is too large to be a config.
void check_toml_text(std::string_view text, const std::string& file);

// Where each known key belongs: key -> the tables that have it, e.g. "retention_days" ->
// {"[storage]"}, "name" -> {"[[kiosk.therapists]]"}; the top level's entries are the sections.
using KeyHomes = std::map<std::string, std::vector<std::string>, std::less<>>;

// Refuses the first key of `table` that does not belong there but does belong in another table:
// in TOML a key belongs to the nearest [table] line above it, so a key written (or uncommented)
// below the wrong header silently lands there. The message names the key, the table it landed in
// and the one it belongs in. `home` is this table's entry in `homes` ("" for the top level),
// `shown` its name in messages ("kiosk.therapists #2"). Keys no table knows are left to finish().
void refuse_misplaced_keys(const toml::table& table, const std::string& file, const std::string& home,
                           const std::string& shown, const KeyHomes& homes);

class TableReader {
public:
    TableReader(const toml::table& table, std::string file, std::string section);

    // Each sets `out` only if the key is present; a present key of the wrong type or out of
    // range throws ConfigError.
    void string(std::string_view key, std::string& out);
    void integer(std::string_view key, int& out, int min, int max);
    void number(std::string_view key, double& out, double min, double max);
    void number(std::string_view key, std::optional<double>& out, double min, double max);
    void boolean(std::string_view key, bool& out);
    // An absolute path; "" leaves `out` empty when `optional_empty`, else it is refused.
    void path(std::string_view key, std::filesystem::path& out, bool optional_empty);
    void string_list(std::string_view key, std::vector<std::string>& out);
    // One of `choices`, e.g. "keep" | "discard".
    void choice(std::string_view key, std::string& out, const std::vector<std::string>& choices);

    bool has(std::string_view key) const { return table_.contains(key); }
    // The node for `key` (nullptr if absent), marking the key as known; for nested tables.
    const toml::node* take(std::string_view key);

    // Throws for the first key that no read above asked about, suggesting the likely intended
    // one: the keys asked about are exactly the known ones.
    void finish() const;

    // "<file>: [section] key: expected <what>, got <got><where>"
    [[noreturn]] void fail(std::string_view key, std::string_view expected, std::string_view got,
                           const toml::node* at) const;
    [[noreturn]] void fail_value(std::string_view key, std::string_view expected) const;

    const std::string& file() const { return file_; }
    // The keys read so far: after a read of an empty table, every key this table knows.
    const std::set<std::string, std::less<>>& known() const { return known_; }
    const std::string& section() const { return section_; }

private:
    const toml::table& table_;
    std::string file_;
    std::string section_;
    std::set<std::string, std::less<>> known_;
};

}  // namespace alliance::config_detail
