#pragma once
// What the [fleet] pull (fleet_pull.cpp, fleet_therapists.cpp) reads from the server's searchset
// Bundles, and how it writes what it pulled. Lenient reading: a member that is absent or of another
// type reads as "" or nothing, and the pull then says what it lacks.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alliance::sync::fleet_reply {

// Enough for any clinic; a server holding more is answered with a clear problem, not a silent cut.
constexpr int max_results = 500;

// The string member `key` of `object`; "" when absent or not a string.
std::string str(const nlohmann::json& object, const char* key);
// meta.lastUpdated of a resource; "" when absent.
std::string last_updated(const nlohmann::json& resource);
// True when instant `a` is later than `b` ("" is the earliest).
bool newer(const std::string& a, const std::string& b);
// The resources of type `type` in a searchset Bundle (entries with search.mode "include" count too).
std::vector<nlohmann::json> resources_of(const nlohmann::json& bundle, const std::string& type);
// True when the Bundle links to a further page.
bool has_next_page(const nlohmann::json& bundle);

// Writes `text` to `file` unless it already holds exactly that: an unchanged pull must not make
// the kiosk reload. True when written.
bool write_if_changed(const std::filesystem::path& file, const std::string& text);

}  // namespace alliance::sync::fleet_reply
