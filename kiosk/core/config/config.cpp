// Reads the kiosk's TOML config (kiosk/README.md, "Configuration") strictly: every key typed and ranged, every
// unknown key or section refused. Sync settings are checked in config_sync.cpp.
#include "core/config/config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/base/strings.h"
#include "core/config/config_reader.h"

namespace alliance {

using config_detail::TableReader;

namespace config_detail {
void read_sync(TableReader& reader, SyncSettings& sync);                               // config_sync.cpp
void read_fleet(TableReader& reader, FleetSettings& fleet, const SyncSettings& sync);  // config_fleet.cpp
}  // namespace config_detail

namespace {

// The length checks come first: libstdc++'s regex recurses per character and would exhaust the
// stack on a very long value.

// Ids end up in widget ids ("therapist:<id>"), file names and uploaded resources.
bool is_safe_id(const std::string& text) {
    static const std::regex safe("[a-z0-9_-]{1,64}");
    return text.size() <= 64 && std::regex_match(text, safe);
}

// The kiosk id is an identifier on every uploaded response; upper case is allowed there.
bool is_safe_kiosk_id(const std::string& text) {
    static const std::regex safe("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    return text.size() <= 64 && std::regex_match(text, safe);
}

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

void read_languages(TableReader& reader, KioskSettings& kiosk) {
    reader.string_list("languages", kiosk.languages);
    if (kiosk.languages.empty()) {
        reader.fail("languages", "at least one language code such as \"en\"", "an empty list",
                    reader.take("languages"));
    }
    std::set<std::string> seen;
    for (const auto& code : kiosk.languages) {
        if (!is_language_code(code)) {
            reader.fail("languages", "language codes such as \"en\" or \"es\"", in_quotes(code),
                        reader.take("languages"));
        }
        if (!seen.insert(code).second) {
            reader.fail("languages", "each language once", in_quotes(code) + " twice", reader.take("languages"));
        }
    }
    if (!reader.has("default_language") && !seen.contains(kiosk.default_language)) {
        // The built-in default ("en") is not offered: start in the first language listed.
        kiosk.default_language = kiosk.languages.front();
    }
    reader.string("default_language", kiosk.default_language);
    if (!seen.contains(kiosk.default_language)) {
        reader.fail("default_language", "one of the languages listed in languages", in_quotes(kiosk.default_language),
                    reader.take("default_language"));
    }
}

void read_therapist_keys(TableReader& item, Therapist& therapist) {
    item.string("id", therapist.id);
    item.string("name", therapist.name);
    item.identifier_system("identifier_system", therapist.identifier_system);
    item.string("identifier_value", therapist.identifier_value);
    item.string("reference", therapist.reference);
    item.boolean("on_duty", therapist.on_duty);
}

// Either the clinic's identifier (system and value together) or a literal reference, not both.
void check_therapist_reference(TableReader& item, const Therapist& t) {
    static const std::regex literal("[A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}|https://[^\\s]+");
    if (t.identifier_system.empty() != t.identifier_value.empty())
        item.fail_value(t.identifier_system.empty() ? "identifier_system" : "identifier_value",
                        "identifier_system and identifier_value together (e.g. \"http://hl7.org/fhir/sid/us-npi\" and "
                        "the NPI), or neither");
    if (!t.reference.empty()) {
        if (!t.identifier_system.empty())
            item.fail_value("reference", "either reference or identifier_system/identifier_value, not both");
        if (t.reference.size() > 256 || !std::regex_match(t.reference, literal))
            item.fail_value("reference", "a literal reference such as \"Practitioner/123\" or an https URL");
    }
}

void read_therapists(TableReader& reader, KioskSettings& kiosk) {
    const toml::node* node = reader.take("therapists");
    if (node == nullptr) return;
    const std::string shape = "[[kiosk.therapists]] entries, each with id and name";
    if (!node->is_array()) reader.fail("therapists", shape, config_detail::describe(*node), node);
    std::set<std::string> ids;
    int number = 0;
    for (const toml::node& entry : *node->as_array()) {
        ++number;
        if (!entry.is_table()) reader.fail("therapists", shape, config_detail::describe(entry), &entry);
        TableReader item(*entry.as_table(), reader.file(), "kiosk.therapists #" + std::to_string(number));
        Therapist therapist;
        read_therapist_keys(item, therapist);
        item.finish();
        check_therapist_reference(item, therapist);
        if (!is_safe_id(therapist.id)) {
            item.fail_value("id", "a short id of lower-case letters, digits, - and _ (it is used in widget ids)");
        }
        if (therapist.name.empty()) item.fail_value("name", "the name patients will see");
        if (!ids.insert(therapist.id).second) {
            item.fail_value("id", "an id no other therapist has");
        }
        kiosk.therapists.push_back(std::move(therapist));
    }
}

void read_kiosk(TableReader& reader, KioskSettings& kiosk) {
    reader.string("id", kiosk.id);
    if (!is_safe_kiosk_id(kiosk.id)) {
        reader.fail_value("id", "a kiosk id of letters, digits, ., - and _ such as \"front-desk-1\"");
    }
    reader.string("clinic_name", kiosk.clinic_name);
    if (kiosk.clinic_name.empty()) reader.fail_value("clinic_name", "the clinic's name as patients know it");
    reader.string("questionnaire", kiosk.questionnaire);
    if (!is_safe_kiosk_id(kiosk.questionnaire)) {
        reader.fail_value("questionnaire",
                          "the name of a file in content/questionnaires/ without .json, such as \"alliance-check\"");
    }
    read_languages(reader, kiosk);
    reader.number("screen_dpi", kiosk.screen_dpi, 50, 600);
    reader.number("screen_diagonal_inches", kiosk.screen_diagonal_inches, 5, 40);
    if (reader.has("screen_dpi") && reader.has("screen_diagonal_inches")) {
        reader.fail("screen_diagonal_inches", "either screen_dpi or screen_diagonal_inches, not both", "both",
                    reader.take("screen_diagonal_inches"));
    }
    reader.integer("idle_seconds", kiosk.idle_seconds, 10, 3600);
    reader.integer("still_there_seconds", kiosk.still_there_seconds, 5, 300);
    reader.integer("thanks_seconds", kiosk.thanks_seconds, 2, 120);
    reader.integer("min_seconds_between_responses", kiosk.min_seconds_between_responses, 0, 86400);
    reader.string("who_sees_answers", kiosk.who_sees_answers);
    if (kiosk.who_sees_answers.size() > 200)
        reader.fail_value("who_sees_answers",
                          "one short line (at most 200 characters), or leave it out for the default");
    std::string partial = kiosk.partial == PartialPolicy::keep ? "keep" : "discard";
    reader.choice("partial", partial, {"keep", "discard"});
    kiosk.partial = partial == "keep" ? PartialPolicy::keep : PartialPolicy::discard;
    reader.boolean("ask_therapist", kiosk.ask_therapist);
    reader.boolean("ask_visit_code", kiosk.ask_visit_code);
    read_therapists(reader, kiosk);
    reader.path("content_dir", kiosk.content_dir, true);
    reader.path("override_dir", kiosk.override_dir, true);
    reader.path("font_file", kiosk.font_file, true);
    reader.finish();
}

void read_staff(TableReader& reader, StaffSettings& staff) {
    reader.path("pin_hash_file", staff.pin_hash_file, false);
    reader.path("it_pin_hash_file", staff.it_pin_hash_file, true);
    reader.choice("corner", staff.corner, {"top-left", "top-right", "bottom-left", "bottom-right"});
    reader.integer("hold_seconds", staff.hold_seconds, 1, 10);
    reader.integer("menu_timeout_seconds", staff.menu_timeout_seconds, 10, 600);
    reader.finish();
}

void read_report(TableReader& reader, ReportSettings& report) {
    reader.integer("min_responses", report.min_responses, 1, 1000);
    reader.choice("follow_up", report.follow_up, {"none", "task"});
    reader.path("output_dir", report.output_dir, true);
    reader.string("language", report.language);
    if (!is_language_code(report.language))
        reader.fail_value("language", "a language code with a strings file, such as \"en\" or \"es\"");
    reader.finish();
}

void read_storage(TableReader& reader, StorageSettings& storage) {
    reader.path("dir", storage.dir, false);
    reader.integer("retention_days", storage.retention_days, 1, 3650);
    reader.integer("stopped_retention_days", storage.stopped_retention_days, 1, 3650);
    reader.integer("audit_retention_days", storage.audit_retention_days, 1, 3650);
    reader.finish();
}

const toml::table& section_table(TableReader& top, std::string_view name) {
    static const toml::table empty;
    const toml::node* node = top.take(name);
    if (node == nullptr) return empty;
    if (!node->is_table()) {
        top.fail(name, "a section [" + std::string(name) + "]", config_detail::describe(*node), node);
    }
    return *node->as_table();
}

// Which table each key belongs in, learnt by reading every table empty with the readers above
// (an empty table sets nothing and so passes every check), so that the readers stay the one list
// of keys.
const config_detail::KeyHomes& key_homes() {
    static const config_detail::KeyHomes homes = [] {
        static const toml::table empty;
        Config defaults;
        Therapist therapist;
        TableReader kiosk(empty, "", "kiosk"), therapists(empty, "", "kiosk.therapists"), staff(empty, "", "staff"),
            storage(empty, "", "storage"), sync(empty, "", "sync"), report(empty, "", "report"),
            fleet(empty, "", "fleet");
        read_kiosk(kiosk, defaults.kiosk);
        read_therapist_keys(therapists, therapist);
        read_staff(staff, defaults.staff);
        read_storage(storage, defaults.storage);
        config_detail::read_sync(sync, defaults.sync);
        read_report(report, defaults.report);
        config_detail::read_fleet(fleet, defaults.fleet, defaults.sync);
        config_detail::KeyHomes result;
        for (const auto& [reader, home] :
             {std::pair{&kiosk, "[kiosk]"}, std::pair{&therapists, "[[kiosk.therapists]]"},
              std::pair{&staff, "[staff]"}, std::pair{&storage, "[storage]"}, std::pair{&sync, "[sync]"},
              std::pair{&report, "[report]"}, std::pair{&fleet, "[fleet]"}})
            for (const auto& key : reader->known()) result[key].push_back(home);
        return result;
    }();
    return homes;
}

// A key below the wrong [table] line is refused before any value is checked: the misplacement
// is the mistake to report, not what the table it landed in then lacks.
void refuse_misplaced_keys(const toml::table& root, const std::string& file) {
    using config_detail::refuse_misplaced_keys;
    const auto& homes = key_homes();
    refuse_misplaced_keys(root, file, "", "", homes);
    for (const char* section : {"kiosk", "staff", "storage", "sync", "report", "fleet"}) {
        const toml::table* table = root.get_as<toml::table>(section);
        if (table == nullptr) continue;
        refuse_misplaced_keys(*table, file, "[" + std::string(section) + "]", section, homes);
    }
    const toml::array* therapists = root.at_path("kiosk.therapists").as_array();
    if (therapists == nullptr) return;
    int number = 0;
    for (const toml::node& entry : *therapists) {
        ++number;
        if (const toml::table* table = entry.as_table())
            refuse_misplaced_keys(*table, file, "[[kiosk.therapists]]", "kiosk.therapists #" + std::to_string(number),
                                  homes);
    }
}

toml::table parse_toml(const std::string& text, const std::string& file_name) {
    config_detail::check_toml_text(text, file_name);
    try {
        return toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        throw ConfigError(file_name + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                          ": not valid TOML: " + std::string(error.description()));
    }
}

}  // namespace

Config parse_config(const std::string& toml_text, const std::string& file_name) {
    const toml::table root = parse_toml(toml_text, file_name);
    refuse_misplaced_keys(root, file_name);
    Config config;
    config.source_file = file_name;
    TableReader top(root, file_name, "");
    TableReader kiosk(section_table(top, "kiosk"), file_name, "kiosk");
    TableReader staff(section_table(top, "staff"), file_name, "staff");
    TableReader storage(section_table(top, "storage"), file_name, "storage");
    TableReader sync(section_table(top, "sync"), file_name, "sync");
    TableReader report(section_table(top, "report"), file_name, "report");
    TableReader fleet(section_table(top, "fleet"), file_name, "fleet");
    top.finish();
    read_kiosk(kiosk, config.kiosk);
    read_staff(staff, config.staff);
    read_storage(storage, config.storage);
    config_detail::read_sync(sync, config.sync);
    read_report(report, config.report);
    config_detail::read_fleet(fleet, config.fleet, config.sync);
    return config;
}

Config load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw ConfigError(file.string() + ": cannot read the config file (" +
                          (std::filesystem::exists(file) ? "permission denied?" : "no such file") + ")");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ConfigError(file.string() + ": cannot read the config file");
    return parse_config(text.str(), file.string());
}

Config demo_config() {
    std::filesystem::path data_home;
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (xdg != nullptr && xdg[0] == '/') {
        data_home = xdg;
    } else if (home != nullptr && home[0] == '/') {
        data_home = std::filesystem::path(home) / ".local" / "share";
    } else {
        throw ConfigError(
            "demo config: neither XDG_DATA_HOME nor HOME is set to an absolute path; "
            "give --config FILE or --data-dir DIR");
    }
    Config config;
    config.storage.dir = data_home / "alliance-kiosk-demo";
    config.staff.pin_hash_file = config.storage.dir / "staff.pin";
    config.kiosk.therapists = {{"alex", "Alex Rivera"}, {"sam", "Sam Okafor"}, {"maria", "María López"}};
    config.sync.kind = "off";
    return config;
}

}  // namespace alliance
