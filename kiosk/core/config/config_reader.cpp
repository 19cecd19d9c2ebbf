#include "core/config/config_reader.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "core/config/config.h"

namespace alliance::config_detail {
namespace {

std::string in_quotes(std::string_view text) {
    // Long values are cut: the message should point at the problem, not repeat the file.
    constexpr std::size_t max_shown = 60;
    std::string shown(text.substr(0, max_shown));
    if (text.size() > max_shown) shown += "...";
    return "\"" + shown + "\"";
}

std::string join(const std::vector<std::string>& words, std::string_view open, std::string_view close = {}) {
    if (close.empty()) close = open;
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
        out += std::string(open) + words[i] + std::string(close);
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string describe(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "the string " + in_quotes(node.as_string()->get());
        case toml::node_type::integer: return std::to_string(node.as_integer()->get());
        case toml::node_type::floating_point: {
            std::ostringstream out;
            out << node.as_floating_point()->get();
            return out.str();
        }
        case toml::node_type::boolean: return node.as_boolean()->get() ? "true" : "false";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

std::string where(const toml::node& node) {
    const auto line = node.source().begin.line;
    return line > 0 ? " (line " + std::to_string(line) + ")" : "";
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = 3;  // more edits than this is a different word, not a typo
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

void refuse_misplaced_keys(const toml::table& table, const std::string& file, const std::string& home,
                           const std::string& shown, const KeyHomes& homes) {
    for (const auto& [key, node] : table) {
        const auto found = homes.find(key.str());
        if (found == homes.end()) continue;  // unknown everywhere: finish() suggests a spelling
        const std::vector<std::string>& belongs = found->second;
        if (!home.empty() && std::find(belongs.begin(), belongs.end(), home) != belongs.end()) continue;
        const std::string places = join(belongs, "");
        std::string message = file + ": ";
        if (home.empty()) {
            message += std::string(key.str()) + ": expected a [section] line above it, got a key outside any section" +
                       " that belongs in " + places + where(node) + ": move it below the " + belongs.front() + " line";
        } else if (home == "[[kiosk.therapists]]") {
            message += "[" + shown + "] " + std::string(key.str()) +
                       ": expected only the keys of a therapist, got a key" + " that belongs in " + places +
                       where(node) + ": every key after a [[kiosk.therapists]] line" +
                       " belongs to that therapist, up to the next [section] line; move " + std::string(key.str()) +
                       " above the first [[kiosk.therapists]] line";
        } else {
            message += "[" + shown + "] " + std::string(key.str()) + ": expected a key of " + home +
                       ", got a key that belongs in " + places + where(node) +
                       ": a key belongs to the nearest [section] line above it; move it below the " + belongs.front() +
                       " line";
        }
        throw ConfigError(message);
    }
}

TableReader::TableReader(const toml::table& table, std::string file, std::string section)
    : table_(table), file_(std::move(file)), section_(std::move(section)) {}

const toml::node* TableReader::take(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
}

void TableReader::fail(std::string_view key, std::string_view expected, std::string_view got,
                       const toml::node* at) const {
    std::string message = file_ + ": ";
    if (!section_.empty()) message += "[" + section_ + "] ";
    message += std::string(key) + ": expected " + std::string(expected) + ", got " + std::string(got);
    if (at != nullptr) message += where(*at);
    throw ConfigError(message);
}

void TableReader::fail_value(std::string_view key, std::string_view expected) const {
    const toml::node* at = table_.get(key);
    fail(key, expected, at != nullptr ? describe(*at) : "nothing", at);
}

void TableReader::string(std::string_view key, std::string& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return;
    if (!node->is_string()) fail(key, "a string in quotes", describe(*node), node);
    out = node->as_string()->get();
}

void TableReader::integer(std::string_view key, int& out, int min, int max) {
    const toml::node* node = take(key);
    if (node == nullptr) return;
    const std::string expected = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!node->is_integer()) fail(key, expected, describe(*node), node);
    const std::int64_t value = node->as_integer()->get();
    if (value < min || value > max) fail(key, expected, describe(*node), node);
    out = static_cast<int>(value);
}

void TableReader::number(std::string_view key, std::optional<double>& out, double min, double max) {
    const toml::node* node = take(key);
    if (node == nullptr) return;
    std::ostringstream expected;
    expected << "a number from " << min << " to " << max;
    double value = 0;
    if (node->is_integer()) {
        value = static_cast<double>(node->as_integer()->get());
    } else if (node->is_floating_point()) {
        value = node->as_floating_point()->get();
    } else {
        fail(key, expected.str(), describe(*node), node);
    }
    // Written as a negated range test so that NaN is refused too.
    if (!(value >= min && value <= max)) fail(key, expected.str(), describe(*node), node);
    out = value;
}

void TableReader::number(std::string_view key, double& out, double min, double max) {
    std::optional<double> value;
    number(key, value, min, max);
    if (value) out = *value;
}

void TableReader::boolean(std::string_view key, bool& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return;
    if (!node->is_boolean()) fail(key, "true or false (without quotes)", describe(*node), node);
    out = node->as_boolean()->get();
}

void TableReader::identifier_system(std::string_view key, std::string& out) {
    static const std::regex absolute_uri("[A-Za-z][A-Za-z0-9+.-]*:[^\\s|]+");
    string(key, out);
    if (has(key) && (out.size() > 256 || !std::regex_match(out, absolute_uri)))
        fail_value(key, "an absolute URI such as \"http://hl7.org/fhir/sid/us-npi\"");
}

void TableReader::path(std::string_view key, std::filesystem::path& out, bool optional_empty) {
    std::string text;
    string(key, text);
    if (!has(key)) return;
    const toml::node* node = table_.get(key);
    if (text.empty()) {
        if (!optional_empty) fail(key, "an absolute path", "an empty string", node);
        out.clear();
        return;
    }
    if (text.front() != '/') {
        // Relative paths would depend on whichever directory the program happens to start in.
        fail(key, "an absolute path (starting with /)", "the relative path " + in_quotes(text), node);
    }
    out = text;
}

void TableReader::string_list(std::string_view key, std::vector<std::string>& out) {
    const toml::node* node = take(key);
    if (node == nullptr) return;
    const std::string expected = "a list of strings such as [\"en\", \"es\"]";
    if (!node->is_array()) fail(key, expected, describe(*node), node);
    std::vector<std::string> values;
    for (const toml::node& element : *node->as_array()) {
        if (!element.is_string()) fail(key, expected, "a list holding " + describe(element), &element);
        values.push_back(element.as_string()->get());
    }
    out = std::move(values);
}

void TableReader::choice(std::string_view key, std::string& out, const std::vector<std::string>& choices) {
    std::string value = out;
    string(key, value);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
        fail(key, "one of " + join(choices, "\""), describe(*table_.get(key)), table_.get(key));
    }
    out = value;
}

void TableReader::finish() const {
    const std::vector<std::string> known(known_.begin(), known_.end());
    for (const auto& [key, node] : table_) {
        if (known_.contains(key.str())) continue;
        // At the top level every known name is a section: say so, so that a stray key there
        // reads as "this belongs in a section".
        const bool top = section_.empty();
        const std::string got = top ? "an unknown section or a key outside any section" : "an unknown key";
        // A likely typo gets the one suggestion; otherwise the whole list helps more.
        const std::string guess = closest(key.str(), known);
        std::string expected;
        if (top) {
            expected = "one of the sections " + join(known, "[", "]");
            if (!guess.empty()) expected += " (did you mean [" + guess + "]?)";
        } else {
            expected =
                guess.empty() ? "one of the keys " + join(known, "") : "a known key (did you mean " + guess + "?)";
        }
        std::string message = file_ + ": ";
        message += top ? "[" + std::string(key.str()) + "]" : "[" + section_ + "] " + std::string(key.str());
        message += ": expected " + expected + ", got " + got + where(node);
        throw ConfigError(message);
    }
}

}  // namespace alliance::config_detail
