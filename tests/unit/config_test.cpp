// The config loader: good files load with every value in place (the refusals of bad values and
// unknown keys, each naming the file, the section and key, and what was expected:
// config_refusals_test.cpp).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "core/config/config.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(ALLIANCE_TEST_FIXTURES) / "config";

// Puts an environment variable back as it was when the test ends.
class EnvRestorer {
public:
    explicit EnvRestorer(const char* name) : name_(name) {
        const char* value = std::getenv(name);
        if (value != nullptr) saved_ = value;
    }
    ~EnvRestorer() {
        if (saved_) {
            setenv(name_, saved_->c_str(), 1);
        } else {
            unsetenv(name_);
        }
    }
    EnvRestorer(const EnvRestorer&) = delete;
    EnvRestorer& operator=(const EnvRestorer&) = delete;

private:
    const char* name_;
    std::optional<std::string> saved_;
};

}  // namespace

TEST_SUITE("good config files") {
    TEST_CASE("the short example clinic IT is first shown loads with its values") {
        const Config c = load_config(fixtures / "product-example.toml");
        CHECK(c.source_file == fixtures / "product-example.toml");
        CHECK(c.kiosk.id == "front-desk-1");
        CHECK(c.kiosk.questionnaire == "alliance-check");
        CHECK(c.kiosk.languages == std::vector<std::string>{"en", "es"});
        CHECK(c.kiosk.screen_dpi == doctest::Approx(149));
        CHECK(c.kiosk.idle_seconds == 60);
        CHECK(c.kiosk.partial == PartialPolicy::keep);
        CHECK(c.staff.pin_hash_file == "/etc/alliance-kiosk/staff.pin");
        CHECK(c.staff.corner == "top-right");
        CHECK(c.storage.dir == "/var/lib/alliance-kiosk");
        CHECK(c.storage.retention_days == 30);
        CHECK(c.storage.stopped_retention_days == 7);
        CHECK(c.storage.audit_retention_days == 365);
        CHECK(c.sync.max_attempts == 8);
        CHECK(c.sync.max_transaction_entries == 0);
        CHECK(c.sync.encounter_identifier_system == "urn:alliance-kiosk:visit-code");
        CHECK(c.sync.device_identifier_system == "urn:alliance-kiosk:kiosk");
        CHECK_FALSE(c.sync.resolve_encounter);
        CHECK_FALSE(c.sync.allow_without_conditional_create);
        CHECK(c.sync.kind == "fhir");
        CHECK(c.sync.url == "https://fhir.example.org/r4");
        CHECK(c.sync.auth == "bearer");
        CHECK(c.sync.token_file == "/etc/alliance-kiosk/sync.token");
        CHECK(c.sync.ca_file.empty());
        CHECK(c.sync.interval_seconds == 60);
        CHECK(c.sync.batch_size == 25);
    }

    TEST_CASE("a file setting every key gets every value, none left at its default") {
        const Config c = load_config(fixtures / "every-key.toml");
        CHECK(c.kiosk.id == "lobby.2");
        CHECK(c.kiosk.clinic_name == "Riverside Physio");
        CHECK(c.kiosk.questionnaire == "clinic-own");
        CHECK(c.kiosk.languages == std::vector<std::string>{"es", "en"});
        CHECK(c.kiosk.default_language == "es");
        REQUIRE(c.kiosk.screen_diagonal_inches.has_value());
        CHECK(*c.kiosk.screen_diagonal_inches == doctest::Approx(15.6));
        CHECK(c.kiosk.idle_seconds == 90);
        CHECK(c.kiosk.still_there_seconds == 30);
        CHECK(c.kiosk.thanks_seconds == 5);
        CHECK(c.kiosk.min_seconds_between_responses == 90);
        CHECK(c.kiosk.who_sees_answers == "Only your therapist and the clinic manager see your answers.");
        CHECK(c.kiosk.partial == PartialPolicy::discard);
        CHECK_FALSE(c.kiosk.ask_therapist);
        CHECK(c.kiosk.ask_visit_code);
        CHECK(c.kiosk.content_dir == "/opt/clinic/content");
        CHECK(c.kiosk.override_dir == "/srv/clinic/content");
        CHECK(c.kiosk.font_file == "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf");
        REQUIRE(c.kiosk.therapists.size() == 2);
        CHECK(c.kiosk.therapists[1].id == "maria_l");
        CHECK(c.kiosk.therapists[1].name == "María López");
        CHECK(c.kiosk.therapists[0].identifier_system == "http://hl7.org/fhir/sid/us-npi");
        CHECK(c.kiosk.therapists[0].identifier_value == "1234567893");
        CHECK(c.kiosk.therapists[1].reference == "Practitioner/42");
        CHECK_FALSE(c.kiosk.therapists[0].on_duty);
        CHECK(c.kiosk.therapists[1].on_duty);  // the default
        CHECK(c.report.min_responses == 8);
        CHECK(c.report.follow_up == "task");
        CHECK(c.report.output_dir == "/srv/reports");
        CHECK(c.report.language == "es");
        CHECK(c.staff.it_pin_hash_file == "/etc/alliance-kiosk/it.pin");
        CHECK(c.staff.corner == "bottom-left");
        CHECK(c.staff.hold_seconds == 5);
        CHECK(c.staff.menu_timeout_seconds == 120);
        CHECK(c.storage.dir == "/srv/kiosk");
        CHECK(c.storage.retention_days == 90);
        CHECK(c.storage.stopped_retention_days == 3);
        CHECK(c.storage.audit_retention_days == 400);
        CHECK(c.sync.kind == "json");
        CHECK(c.sync.auth == "oauth2");
        CHECK(c.sync.token_url == "https://auth.example.org/token");
        CHECK(c.sync.client_id == "kiosk-lobby-2");
        CHECK(c.sync.client_secret_file == "/etc/alliance-kiosk/oauth2.secret");
        CHECK(c.sync.scope == "system/QuestionnaireResponse.crs system/Observation.crs");
        CHECK(c.sync.ca_file == "/etc/alliance-kiosk/ca.pem");
        CHECK(c.sync.pinned_public_key == "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=");
        CHECK(c.sync.token_pinned_public_key == "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        CHECK(c.sync.client_cert == "/etc/alliance-kiosk/client.crt");
        CHECK(c.sync.client_key == "/etc/alliance-kiosk/client.key");
        CHECK(c.sync.interval_seconds == 300);
        CHECK(c.sync.batch_size == 100);
        CHECK(c.sync.connect_timeout_seconds == 5);
        CHECK(c.sync.timeout_seconds == 30);
        CHECK(c.sync.max_backoff_seconds == 3600);
        CHECK(c.sync.max_attempts == 12);
        CHECK(c.sync.max_transaction_entries == 8);
        CHECK(c.sync.encounter_identifier_system == "http://ehr.example.org/fhir/sid/visit-number");
        CHECK(c.sync.device_identifier_system == "http://clinic.example.org/fhir/sid/kiosk");
        CHECK(c.sync.resolve_encounter);
        CHECK(c.sync.allow_without_conditional_create);
    }

    TEST_CASE("the shipped default config in packaging/ loads, stores under /var/lib and does not sync") {
        const Config c = load_config(fs::path(ALLIANCE_SOURCE_DIR) / "packaging" / "kiosk.toml");
        CHECK(c.storage.dir == "/var/lib/alliance-kiosk");
        CHECK(c.sync.kind == "off");
        CHECK(c.staff.pin_hash_file == "/etc/alliance-kiosk/staff.pin");
        CHECK(c.kiosk.languages == std::vector<std::string>{"en", "es"});
    }

    TEST_CASE("an empty file gives the built-in defaults") {
        const Config c = parse_config("", "empty.toml");
        const Config defaults;
        CHECK(c.kiosk.id == defaults.kiosk.id);
        CHECK(c.kiosk.idle_seconds == 60);
        CHECK(c.storage.dir == "/var/lib/alliance-kiosk");
        CHECK(c.sync.kind == "off");
    }

    TEST_CASE("plain http is accepted to this machine: 127.0.0.0/8, ::1 and localhost") {
        for (const char* url : {"http://127.0.0.1:8080/fhir", "http://127.1.2.3/fhir", "http://[::1]:8080/fhir",
                                "http://localhost:8080/fhir", "http://LOCALHOST/"}) {
            CAPTURE(url);
            CHECK(parse_config(std::string("[sync]\nkind = \"fhir\"\nurl = \"") + url + "\"\n", "k.toml").sync.url ==
                  url);
        }
    }

    TEST_CASE("without default_language the kiosk starts in the first language listed when English is not") {
        const Config c = parse_config("[kiosk]\nlanguages = [\"es\"]\n", "k.toml");
        CHECK(c.kiosk.default_language == "es");
    }

    TEST_CASE("therapists may also be written as an inline array of tables") {
        const Config c = parse_config(
            "[kiosk]\ntherapists = [{id = \"a\", name = \"Ann\"}, {id = \"b\", name = \"Bo\"}]\n", "k.toml");
        REQUIRE(c.kiosk.therapists.size() == 2);
        CHECK(c.kiosk.therapists[0].name == "Ann");
    }

    TEST_CASE("the demo config keeps its store and PIN under the user's data directory and does not sync") {
        const EnvRestorer xdg("XDG_DATA_HOME");
        const EnvRestorer home("HOME");
        setenv("XDG_DATA_HOME", "/tmp/alliance-xdg", 1);
        const Config c = demo_config();
        CHECK(c.storage.dir == "/tmp/alliance-xdg/alliance-kiosk-demo");
        CHECK(c.staff.pin_hash_file.parent_path() == c.storage.dir);
        CHECK(c.sync.kind == "off");
        CHECK(c.kiosk.therapists.size() >= 2);
        CHECK(c.source_file.empty());
        setenv("XDG_DATA_HOME", "relative/ignored", 1);  // the XDG spec says to ignore a relative one
        setenv("HOME", "/tmp/alliance-home", 1);
        CHECK(demo_config().storage.dir == "/tmp/alliance-home/.local/share/alliance-kiosk-demo");
        unsetenv("XDG_DATA_HOME");
        unsetenv("HOME");
        CHECK_THROWS_WITH_AS(
            demo_config(), doctest::Contains("neither XDG_DATA_HOME nor HOME is set to an absolute path"), ConfigError);
    }

}  // TEST_SUITE
