// The config loader refuses every bad value or unknown key with a message naming the file, the
// section and key, and what was expected (the good files: config_test.cpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "config_refusal.h"
#include "core/config/config.h"

using namespace alliance;
using alliance::test::refusal;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(ALLIANCE_TEST_FIXTURES) / "config";

}  // namespace

TEST_SUITE("refused config files") {
    TEST_CASE("a TOML syntax error names the file, line and column") {
        try {
            load_config(fixtures / "bad-syntax.toml");
            FAIL("accepted");
        } catch (const ConfigError& error) {
            const std::string message = error.what();
            CHECK(message.rfind((fixtures / "bad-syntax.toml").string() + ":", 0) == 0);
            CHECK(message.find("not valid TOML") != std::string::npos);
            CHECK(message.find(":4:") != std::string::npos);
        }
    }

    TEST_CASE("non-ASCII text outside strings is refused before toml++ 3.3 can misbehave on it") {
        CHECK(refusal("[kiosk]\nclinic_name = \xc3\xa9\n") ==
              "kiosk.toml:2:15: not valid TOML: a non-ASCII character outside a quoted string or comment");
        CHECK(refusal("[kiosk]\nclinic_name = \"\"\"\\\n\xc2\xa7\"\"\"\n")
                  .rfind("kiosk.toml:3:1: not valid TOML: a non-ASCII character right after a line-ending backslash",
                         0) == 0);
        CHECK(refusal("[kiosk]\nclinic_name = \"\"\"\\\xc3\xa9\"\"\"\n")
                  .find("a backslash before a non-ASCII character") != std::string::npos);
        CHECK(refusal(std::string(2 << 20, ' ')) == "kiosk.toml: larger than 1 MiB; not a kiosk config");
        CHECK(refusal(std::string("[kiosk]\n[\0]\n", 12)) ==
              "kiosk.toml:2:2: not valid TOML: a control character (U+0000)");
    }

    TEST_CASE("accented text in strings, comments and multi-line strings loads") {
        const Config c = parse_config(R"(# Configuración de la clínica: ñandú "'#
[kiosk]
clinic_name = "Clínica \"Año\" Núñez" # ¿sí?
[[kiosk.therapists]]
id = "m"
name = '''María
  López'''
[[kiosk.therapists]]
id = "j"
name = """José \
   Pérez""")",
                                      "k.toml");
        CHECK(c.kiosk.clinic_name == "Clínica \"Año\" Núñez");
        REQUIRE(c.kiosk.therapists.size() == 2);
        CHECK(c.kiosk.therapists[0].name == "María\n  López");
        CHECK(c.kiosk.therapists[1].name == "José Pérez");
    }

    TEST_CASE("a missing file is refused with its name") {
        CHECK_THROWS_WITH_AS(load_config("/nonexistent/kiosk.toml"),
                             "/nonexistent/kiosk.toml: cannot read the config file (no such file)", ConfigError);
    }

    TEST_CASE("an unknown section is refused, suggesting the intended one") {
        CHECK(refusal("[kiosks]\nid = \"a\"\n") ==
              "kiosk.toml: [kiosks]: expected one of the sections [fleet], [kiosk], [report], [staff], [storage] or "
              "[sync] "
              "(did you mean [kiosk]?), got an unknown section or a key outside any section (line 1)");
    }

    TEST_CASE("a key outside any section is refused") {
        CHECK(refusal("backup_to = \"/mnt\"\n").find("[backup_to]: expected one of the sections") != std::string::npos);
        // A known key there gets where it belongs (config_examples_test.cpp has the rest).
        CHECK(refusal("retention_days = 5\n") ==
              "kiosk.toml: retention_days: expected a [section] line above it, got a key outside any section that "
              "belongs in [storage] (line 1): move it below the [storage] line");
    }

    TEST_CASE("an unknown key is refused, suggesting the likely intended key") {
        CHECK(
            refusal("[kiosk]\nidle_secconds = 60\n") ==
            "kiosk.toml: [kiosk] idle_secconds: expected a known key (did you mean idle_seconds?), got an unknown key "
            "(line 2)");
        const std::string unlike_any = refusal("[storage]\nbackup_to = \"/mnt\"\n");
        CHECK(unlike_any ==
              "kiosk.toml: [storage] backup_to: expected one of the keys audit_retention_days, dir, retention_days or "
              "stopped_retention_days, got an unknown key (line 2)");
    }

    TEST_CASE("an idle time out of range names the key, the range and the value") {
        CHECK(refusal("[kiosk]\nidle_seconds = 5\n") ==
              "kiosk.toml: [kiosk] idle_seconds: expected a whole number from 10 to 3600, got 5 (line 2)");
    }

    TEST_CASE("a time between responses over a day, or a who-sees line longer than one short line, is refused") {
        CHECK(refusal("[kiosk]\nmin_seconds_between_responses = 90000\n") ==
              "kiosk.toml: [kiosk] min_seconds_between_responses: expected a whole number from 0 to 86400, got 90000 "
              "(line 2)");
        CHECK(refusal("[kiosk]\nwho_sees_answers = \"" + std::string(201, 'x') + "\"\n")
                  .find("[kiosk] who_sees_answers: expected one short line (at most 200 characters)") !=
              std::string::npos);
    }

    TEST_CASE("a number written as a string is refused as the string it is") {
        CHECK(refusal("[kiosk]\nidle_seconds = \"60\"\n") ==
              "kiosk.toml: [kiosk] idle_seconds: expected a whole number from 10 to 3600, got the string \"60\" (line "
              "2)");
    }

    TEST_CASE("a batch size of zero is refused") {
        CHECK(refusal("[sync]\nbatch_size = 0\n") ==
              "kiosk.toml: [sync] batch_size: expected a whole number from 1 to 500, got 0 (line 2)");
    }

    TEST_CASE("a retention over ten years is refused") {
        CHECK(refusal("[storage]\nretention_days = 4000\n") ==
              "kiosk.toml: [storage] retention_days: expected a whole number from 1 to 3650, got 4000 (line 2)");
        CHECK(refusal("[storage]\naudit_retention_days = 0\n") ==
              "kiosk.toml: [storage] audit_retention_days: expected a whole number from 1 to 3650, got 0 (line 2)");
        CHECK(refusal("[sync]\ntoken_pinned_public_key = \"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"\n")
                  .find("token_pinned_public_key: expected this key only with auth = \"oauth2\"") != std::string::npos);
        CHECK(refusal("[sync]\nmax_attempts = 0\n") ==
              "kiosk.toml: [sync] max_attempts: expected a whole number from 1 to 1000, got 0 (line 2)");
        CHECK(refusal("[sync]\nmax_transaction_entries = -1\n") ==
              "kiosk.toml: [sync] max_transaction_entries: expected a whole number from 0 to 10000, got -1 (line 2)");
        CHECK(refusal("[sync]\nencounter_identifier_system = \"visit number\"\n") ==
              "kiosk.toml: [sync] encounter_identifier_system: expected an absolute URI such as "
              "\"http://hl7.org/fhir/sid/us-npi\", got the string \"visit number\" (line 2)");
        CHECK(refusal("[sync]\ndevice_identifier_system = \"urn:a|b\"\n")
                  .find("device_identifier_system: expected an absolute URI") != std::string::npos);
    }

    TEST_CASE("screen_dpi and screen_diagonal_inches together are refused") {
        CHECK(refusal("[kiosk]\nscreen_dpi = 150\nscreen_diagonal_inches = 10.1\n") ==
              "kiosk.toml: [kiosk] screen_diagonal_inches: expected either screen_dpi or screen_diagonal_inches, "
              "not both, got both (line 3)");
    }

    TEST_CASE("a screen density out of range is refused, and so is NaN") {
        CHECK(refusal("[kiosk]\nscreen_dpi = 20\n") ==
              "kiosk.toml: [kiosk] screen_dpi: expected a number from 50 to 600, got 20 (line 2)");
        CHECK(refusal("[kiosk]\nscreen_diagonal_inches = nan\n").find("expected a number from 5 to 40, got nan") !=
              std::string::npos);
    }

    TEST_CASE("a partial policy other than keep or discard is refused") {
        CHECK(refusal("[kiosk]\npartial = \"save\"\n") ==
              "kiosk.toml: [kiosk] partial: expected one of \"keep\" or \"discard\", got the string \"save\" (line 2)");
    }

    TEST_CASE("a staff corner that is not one of the four is refused") {
        CHECK(refusal("[staff]\ncorner = \"top\"\n") ==
              "kiosk.toml: [staff] corner: expected one of \"top-left\", \"top-right\", \"bottom-left\" or "
              "\"bottom-right\", got the string \"top\" (line 2)");
    }

    TEST_CASE("an empty language list, a bad code and a repeated code are refused") {
        CHECK(refusal("[kiosk]\nlanguages = []\n") ==
              "kiosk.toml: [kiosk] languages: expected at least one language code such as \"en\", got an empty list "
              "(line 2)");
        CHECK(refusal("[kiosk]\nlanguages = [\"en\", \"Spanish\"]\n")
                  .find("[kiosk] languages: expected language codes such as \"en\" or \"es\", got \"Spanish\"") !=
              std::string::npos);
        CHECK(refusal("[kiosk]\nlanguages = [\"en\", \"en\"]\n")
                  .find("[kiosk] languages: expected each language once, got \"en\" twice") != std::string::npos);
        CHECK(
            refusal("[kiosk]\nlanguages = [\"en\", 3]\n")
                .find("[kiosk] languages: expected a list of strings such as [\"en\", \"es\"], got a list holding 3") !=
            std::string::npos);
    }

    TEST_CASE("a default language that is not offered is refused") {
        CHECK(refusal("[kiosk]\nlanguages = [\"en\"]\ndefault_language = \"es\"\n") ==
              "kiosk.toml: [kiosk] default_language: expected one of the languages listed in languages, got \"es\" "
              "(line 3)");
    }

    TEST_CASE("a sync kind other than fhir, json or off is refused") {
        CHECK(
            refusal("[sync]\nkind = \"hl7\"\n") ==
            "kiosk.toml: [sync] kind: expected one of \"fhir\", \"json\" or \"off\", got the string \"hl7\" (line 2)");
    }

    TEST_CASE("an auth other than none, bearer or oauth2 is refused") {
        CHECK(refusal("[sync]\nauth = \"basic\"\n")
                  .find("[sync] auth: expected one of \"none\", \"bearer\", \"oauth2\" or \"smart-backend\"") !=
              std::string::npos);
    }

    TEST_CASE("plain http to another machine is refused, saying why") {
        const std::string message = refusal("[sync]\nkind = \"fhir\"\nurl = \"http://fhir.example.org/r4\"\n");
        CHECK(message.rfind("kiosk.toml: [sync] url: expected an https:// URL, got \"http://fhir.example.org/r4\": ",
                            0) == 0);
        CHECK(message.find("unencrypted") != std::string::npos);
        CHECK(message.find("127.0.0.1, ::1 or localhost") != std::string::npos);
        // 127.0.0.1 look-alikes are other machines.
        CHECK(refusal("[sync]\nurl = \"http://127.0.0.1.evil.example/\"\n").find("unencrypted") != std::string::npos);
        CHECK(refusal("[sync]\nurl = \"http://128.0.0.1/\"\n").find("unencrypted") != std::string::npos);
    }

    TEST_CASE("a URL with a password in it, or that is not a URL, is refused") {
        CHECK(refusal("[sync]\nurl = \"https://user:secret@fhir.example.org/\"\n")
                  .find("a user name or password inside the URL") != std::string::npos);
        CHECK(refusal("[sync]\nurl = \"fhir.example.org\"\n")
                  .find("[sync] url: expected an https:// URL, got \"fhir.example.org\": not a URL") !=
              std::string::npos);
        CHECK(refusal("[sync]\nurl = \"https://fhir.example.org:99999/\"\n").find("a port outside 1 to 65535") !=
              std::string::npos);
        CHECK(refusal("[sync]\nurl = \"https://" + std::string(3000, 'a') + "/\"\n")
                  .find("longer than 2048 characters") != std::string::npos);
    }

    TEST_CASE("a sync kind other than off without a URL is refused") {
        CHECK(refusal("[sync]\nkind = \"fhir\"\n") ==
              "kiosk.toml: [sync] url: expected the server's https:// URL (needed for kind = \"fhir\"), got nothing");
    }

    TEST_CASE("bearer auth without a token file is refused") {
        CHECK(refusal("[sync]\nauth = \"bearer\"\n") ==
              "kiosk.toml: [sync] token_file: expected the path of the file holding the bearer token "
              "(needed for auth = \"bearer\"), got nothing");
    }

    TEST_CASE("a token file while auth is none is refused, so uploads never go out unauthenticated by mistake") {
        CHECK(
            refusal("[sync]\ntoken_file = \"/etc/alliance-kiosk/sync.token\"\n") ==
            "kiosk.toml: [sync] token_file: expected this key only with auth = \"bearer\", got it with auth = \"none\" "
            "(line 2)");
    }

    TEST_CASE("oauth2 without its token URL, client id or secret file is refused, naming the missing key") {
        const std::string base = "[sync]\nauth = \"oauth2\"\n";
        CHECK(refusal(base).find("[sync] token_url: expected the https:// URL of the OAuth2 token endpoint") !=
              std::string::npos);
        CHECK(refusal(base + "token_url = \"https://a.example/token\"\n")
                  .find("[sync] client_id: expected the OAuth2 client id (needed for auth = \"oauth2\")") !=
              std::string::npos);
        CHECK(refusal(base + "token_url = \"https://a.example/token\"\nclient_id = \"k\"\n")
                  .find("[sync] client_secret_file: expected the path of the file holding the OAuth2 client secret") !=
              std::string::npos);
        CHECK(refusal(base + "token_url = \"http://a.example/token\"\n")
                  .find("[sync] token_url: expected an https:// URL") != std::string::npos);
    }

    TEST_CASE("a client certificate without its key, or a key without its certificate, is refused") {
        CHECK(refusal("[sync]\nclient_cert = \"/etc/alliance-kiosk/client.crt\"\n") ==
              "kiosk.toml: [sync] client_key: expected a path here too because client_cert is set (mutual TLS needs "
              "both), got nothing");
        CHECK(refusal("[sync]\nclient_key = \"/etc/alliance-kiosk/client.key\"\n")
                  .find("[sync] client_cert: expected a path here too because client_key is set") != std::string::npos);
    }

    TEST_CASE("a pinned public key not in libcurl's sha256// form is refused") {
        CHECK(refusal("[sync]\npinned_public_key = \"AB:CD:EF\"\n")
                  .find("[sync] pinned_public_key: expected \"sha256//\" followed by the base64 SHA-256") !=
              std::string::npos);
    }

    TEST_CASE("a relative path is refused, because it would depend on the starting directory") {
        CHECK(refusal("[storage]\ndir = \"data\"\n") ==
              "kiosk.toml: [storage] dir: expected an absolute path (starting with /), got the relative path \"data\" "
              "(line 2)");
        CHECK(refusal("[staff]\npin_hash_file = \"\"\n") ==
              "kiosk.toml: [staff] pin_hash_file: expected an absolute path, got an empty string (line 2)");
    }

    TEST_CASE("a boolean written as a string is refused") {
        CHECK(refusal("[kiosk]\nask_therapist = \"yes\"\n") ==
              "kiosk.toml: [kiosk] ask_therapist: expected true or false (without quotes), got the string \"yes\" "
              "(line 2)");
    }

    TEST_CASE("therapist ids must be unique and safe for widget ids, and names must not be empty") {
        CHECK(refusal("[[kiosk.therapists]]\nid = \"Dr Who\"\nname = \"W\"\n") ==
              "kiosk.toml: [kiosk.therapists #1] id: expected a short id of lower-case letters, digits, - and _ "
              "(it is used in widget ids), got the string \"Dr Who\" (line 2)");
        CHECK(refusal(
                  "[[kiosk.therapists]]\nid = \"a\"\nname = \"A\"\n[[kiosk.therapists]]\nid = \"a\"\nname = \"B\"\n") ==
              "kiosk.toml: [kiosk.therapists #2] id: expected an id no other therapist has, got the string \"a\" (line "
              "5)");
        CHECK(refusal("[[kiosk.therapists]]\nid = \"a\"\nname = \"\"\n")
                  .find("[kiosk.therapists #1] name: expected the name patients will see") != std::string::npos);
        CHECK(refusal("[[kiosk.therapists]]\nid = \"a\"\nname = \"A\"\nrole = \"PT\"\n")
                  .find("[kiosk.therapists #1] role: expected one of the keys id, identifier_system, identifier_value, "
                        "name, "
                        "on_duty or reference, got an unknown key") != std::string::npos);
        CHECK(
            refusal("[kiosk.therapists]\nid = \"a\"\n")
                .find(
                    "[kiosk] therapists: expected [[kiosk.therapists]] entries, each with id and name, got a table") !=
            std::string::npos);
    }

    TEST_CASE("a therapist's identifier needs both system and value, and a reference excludes it") {
        const std::string t = "[[kiosk.therapists]]\nid = \"a\"\nname = \"A\"\n";
        CHECK(refusal(t + "identifier_value = \"1\"\n")
                  .find("[kiosk.therapists #1] identifier_system: expected identifier_system and identifier_value "
                        "together") != std::string::npos);
        CHECK(refusal(t + "identifier_system = \"not a uri\"\nidentifier_value = \"1\"\n")
                  .find("identifier_system: expected an absolute URI") != std::string::npos);
        CHECK(refusal(t + "identifier_system = \"urn:x\"\nidentifier_value = \"1\"\nreference = \"Practitioner/1\"\n")
                  .find("reference: expected either reference or identifier_system/identifier_value, not both") !=
              std::string::npos);
        CHECK(refusal(t + "reference = \"Dr A\"\n").find("reference: expected a literal reference such as") !=
              std::string::npos);
    }

    TEST_CASE("a report follow-up other than none or task, or a minimum of zero, is refused") {
        CHECK(refusal("[report]\nfollow_up = \"email\"\n").find("[report] follow_up: expected one of") !=
              std::string::npos);
        CHECK(refusal("[report]\nmin_responses = 0\n").find("[report] min_responses") != std::string::npos);
    }

    TEST_CASE("a kiosk id with spaces or a questionnaire name with a slash is refused") {
        CHECK(refusal("[kiosk]\nid = \"front desk\"\n").find("[kiosk] id: expected a kiosk id of letters") !=
              std::string::npos);
        CHECK(refusal("[kiosk]\nquestionnaire = \"../etc/passwd\"\n")
                  .find("[kiosk] questionnaire: expected the name of a file in content/questionnaires/") !=
              std::string::npos);
    }

    TEST_CASE("a section given as a plain value is refused") {
        CHECK(refusal("kiosk = 3\n") == "kiosk.toml: kiosk: expected a section [kiosk], got 3 (line 1)");
    }

}  // TEST_SUITE

TEST_CASE(
    "smart-backend needs a client id and the kiosk's key, takes token_url and scope, and its key is refused with other "
    "auths") {
    const std::string base = "[sync]\nauth = \"smart-backend\"\n";
    CHECK(refusal(base).find("[sync] client_id: expected the client id the server knows this kiosk by "
                             "(needed for auth = \"smart-backend\")") != std::string::npos);
    CHECK(refusal(base + "client_id = \"k\"\n")
              .find("[sync] private_key_file: expected the path of the kiosk's private key (alliance-sync keygen "
                    "writes one)") != std::string::npos);
    CHECK(refusal("[sync]\nauth = \"oauth2\"\ntoken_url = \"https://a.example/token\"\nclient_id = \"k\"\n"
                  "client_secret_file = \"/etc/alliance-kiosk/oauth2.secret\"\nprivate_key_file = "
                  "\"/etc/alliance-kiosk/sync-key.pem\"\n")
              .find("[sync] private_key_file: expected this key only with auth = \"smart-backend\"") !=
          std::string::npos);
    CHECK(refusal("[sync]\nscope = \"system/Observation.crs\"\n")
              .find("[sync] scope: expected this key only with auth = \"oauth2\" or \"smart-backend\"") !=
          std::string::npos);
    const Config c = parse_config(base +
                                      "client_id = \"k\"\nprivate_key_file = \"/etc/alliance-kiosk/sync-key.pem\"\n"
                                      "scope = \"system/QuestionnaireResponse.crs system/Observation.crs\"\n",
                                  "kiosk.toml");
    CHECK(c.sync.auth == "smart-backend");
    CHECK(c.sync.private_key_file == "/etc/alliance-kiosk/sync-key.pem");
    CHECK(c.sync.token_url.empty());  // discovered from the server's .well-known/smart-configuration
}
