#pragma once
// The kiosk's configuration: one TOML file. Every key is documented in
// packaging/kiosk.toml (the shipped, commented default) and kiosk/README.md.
// THIS STRUCT IS A CONTRACT used by the kiosk, staff mode, sync and packaging: extend, don't rename.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/store/store.h"

namespace alliance {

// A bad config: the message names the file, the key and what was expected.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Therapist {
    std::string id;    // "therapist:<id>" in the UI tree
    std::string name;  // as shown to patients
    // How uploaded resources refer to the therapist (sync/README.md, "The therapist"): the
    // clinic's own identifier (e.g. NPI), or a literal reference such as "Practitioner/123";
    // all empty: `id` under the project's therapist system.
    std::string identifier_system = {};
    std::string identifier_value = {};
    std::string reference = {};
    // false: off duty each morning until staff put them on duty from the staff menu.
    bool on_duty = true;
};

struct KioskSettings {
    std::string id = "demo-kiosk";  // author Device of every response
    std::string clinic_name = "Alliance Kiosk demo clinic";
    std::string questionnaire = "alliance-check";  // file stem under content/questionnaires/
    std::vector<std::string> languages = {"en", "es"};
    std::string default_language = "en";
    double screen_dpi = 149.4;                     // 10.1" 1280x800 unless set
    std::optional<double> screen_diagonal_inches;  // alternative to screen_dpi
    int idle_seconds = 60;
    int still_there_seconds = 20;
    int thanks_seconds = 8;
    // A new response within this many seconds of the last one completed on this kiosk first asks
    // "Are you a new patient?" (0: off).
    int min_seconds_between_responses = 0;
    // The welcome screen's line saying who sees the answers; empty: the strings file's default.
    std::string who_sees_answers;
    PartialPolicy partial = PartialPolicy::keep;
    bool ask_therapist = true;
    bool ask_visit_code = false;
    std::vector<Therapist> therapists;  // everyone who may be on duty
    std::filesystem::path content_dir;  // empty: the built-in search order
    // The clinic's own content, which package upgrades never touch: questionnaires/<name>.json
    // replaces the packaged file of that name, strings/<lang>.json replaces the keys it has
    // (paths.h, load_strings). Empty: none. A directory that does not exist is no error.
    std::filesystem::path override_dir = "/etc/alliance-kiosk/content";
    std::filesystem::path font_file;  // empty: DejaVu Sans from Debian's fonts
};

struct StaffSettings {
    std::filesystem::path pin_hash_file = "/etc/alliance-kiosk/staff.pin";
    std::filesystem::path it_pin_hash_file;  // empty: exit needs only the staff PIN
    std::string corner = "top-right";        // top-left | top-right | bottom-left | bottom-right
    int hold_seconds = 3;
    int menu_timeout_seconds = 60;
};

struct StorageSettings {
    std::filesystem::path dir = "/var/lib/alliance-kiosk";
    int retention_days = 30;         // sent completed responses, days after they were sent
    int stopped_retention_days = 7;  // sent stopped (walked-away) responses, days after sent
    int audit_retention_days = 365;  // audit rows, days after they were written
};

struct SyncSettings {
    std::string kind = "off";  // fhir | json | off
    std::string url;
    std::string auth = "none";                 // none | bearer | oauth2 | smart-backend
    std::filesystem::path token_file;          // bearer
    std::string token_url;                     // oauth2
    std::string client_id;                     // oauth2
    std::filesystem::path client_secret_file;  // oauth2
    std::string scope;                         // oauth2, smart-backend: optional
    std::filesystem::path private_key_file;    // smart-backend: the kiosk's PEM key
    std::filesystem::path ca_file;             // extra CA bundle; verification is always on
    std::string pinned_public_key;             // "sha256//..." (libcurl's format), optional
    std::string token_pinned_public_key;       // oauth2: the token endpoint's own pin, optional
    std::filesystem::path client_cert;         // mTLS
    std::filesystem::path client_key;          // mTLS
    int interval_seconds = 60;
    int batch_size = 25;
    int connect_timeout_seconds = 10;
    int timeout_seconds = 60;
    int max_backoff_seconds = 900;
    int max_attempts = 8;             // own failures before a response is held
    int max_transaction_entries = 0;  // entries a transaction may hold; 0: no limit
    // Linkage to the EHR (sync/README.md, "Linkage to the EHR"): the identifier system of the
    // visit code as the EHR's Encounter identifier, and of the kiosk's Device.
    std::string encounter_identifier_system = "urn:alliance-kiosk:visit-code";
    std::string device_identifier_system = "urn:alliance-kiosk:kiosk";
    bool resolve_encounter = false;  // search the Encounter; link it when exactly one
    // push and run send to a server that announces no conditional create (duplicates on retry)
    bool allow_without_conditional_create = false;
};

// The feedback report (`alliance-sync report`, sync/README.md "Feedback for therapists").
struct ReportSettings {
    int min_responses = 5;             // a cell with fewer responses shows no figures
    std::string follow_up = "none";    // none | task: a FHIR Task for each flagged response
    std::filesystem::path output_dir;  // where the weekly timer writes; empty: the timer does nothing
    std::string language = "en";       // the report's language (a content/strings file)
};

// [fleet]: content pulled from the clinic's FHIR server by alliance-sync (kiosk/README.md, "Fleet").
struct FleetSettings {
    bool enabled = false;
    std::string questionnaire_url;      // canonical URL; empty: the questionnaire stays the local file
    std::string questionnaire_version;  // pinned version; empty: the newest active one
    std::string organization;           // Organization id: its active PractitionerRoles are the therapists
    int interval_seconds = 300;
    int device_interval_seconds = 300;  // how often this kiosk's Device is updated on the server
    int silent_after_minutes = 30;      // `alliance-sync fleet` flags kiosks not heard from for longer
};

struct Config {
    std::filesystem::path source_file;  // empty for the demo defaults
    KioskSettings kiosk;
    StaffSettings staff;
    StorageSettings storage;
    SyncSettings sync;
    ReportSettings report;
    FleetSettings fleet;
};

// Parses `file`; throws ConfigError naming the file, key and what was expected. Unknown keys and
// sections are refused too: a typo must not silently fall back to a default.
Config load_config(const std::filesystem::path& file);
// The same from text (the file name is used in messages only).
Config parse_config(const std::string& toml_text, const std::string& file_name);
// The demo defaults (no file): a store under the user's data directory, sync off.
Config demo_config();

}  // namespace alliance
