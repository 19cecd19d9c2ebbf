// UI strings: the shipped languages are complete and consistent, lookups fall back to English,
// placeholders are filled, and a broken strings file is refused naming the file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "../store/store_fixture.h"
#include "core/base/strings.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

const fs::path shipped = fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings";

std::set<std::string> placeholders(const std::string& text) {
    static const std::regex placeholder("\\{[a-z_]+\\}");
    std::set<std::string> found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
        found.insert(it->str());
    }
    return found;
}

// Every way a language differs from English: missing keys, extra keys, other placeholders.
std::vector<std::string> inconsistencies(const Strings& s) {
    std::vector<std::string> found;
    for (const std::string& language : s.languages()) {
        for (const std::string& key : s.keys("en")) {
            if (!s.has(language, key)) found.push_back(language + " lacks \"" + key + "\"");
        }
        for (const std::string& key : s.keys(language)) {
            if (!s.has("en", key)) found.push_back(language + " has \"" + key + "\", which English lacks");
        }
        for (const std::string& key : s.keys(language)) {
            if (s.has("en", key) && placeholders(s.get(language, key)) != placeholders(s.get("en", key))) {
                found.push_back(language + " \"" + key + "\": placeholders differ from English's");
            }
        }
    }
    return found;
}

// A fresh directory holding the given <lang>.json files, inside this process's own temporary
// directory (removed at exit): cases run as separate processes at once.
fs::path strings_dir_with(const std::string& name, const std::map<std::string, std::string>& files) {
    static const test::TempDir root;
    const fs::path dir = root.path() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
    return dir;
}

std::string load_error(const fs::path& dir) {
    try {
        Strings::load(dir);
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    FAIL("the strings were accepted");
    return "";
}

}  // namespace

TEST_SUITE("shipped UI strings") {
    TEST_CASE("English and Spanish are shipped, each naming itself") {
        const Strings s = Strings::load(shipped);
        CHECK(s.languages() == std::vector<std::string>{"en", "es"});
        CHECK(s.language_name("en") == "English");
        CHECK(s.language_name("es") == "Español");
    }

    TEST_CASE("every shipped language has exactly English's keys, with the same placeholders") {
        CHECK(inconsistencies(Strings::load(shipped)) == std::vector<std::string>{});
        CHECK(Strings::load(shipped).keys("en").size() >= 60);
    }

    TEST_CASE("the completeness check catches a missing key, an extra key and a lost placeholder") {
        const Strings s = Strings::load(strings_dir_with(
            "incomplete", {{"en.json", R"({"a": "A {n}", "b": "B"})"}, {"es.json", R"({"a": "A", "c": "C"})"}}));
        CHECK(inconsistencies(s) == std::vector<std::string>{"es lacks \"b\"", "es has \"c\", which English lacks",
                                                             "es \"a\": placeholders differ from English's"});
    }

    TEST_CASE("the keys of every patient and staff screen are all there") {
        const Strings s = Strings::load(shipped);
        for (const char* key : {"welcome.title",
                                "welcome.tap_to_begin",
                                "welcome.choose_language",
                                "therapist.title",
                                "therapist.not_sure",
                                "visit_code.title",
                                "visit_code.hint",
                                "question.next",
                                "question.back",
                                "question.skip",
                                "question.optional",
                                "question.progress",
                                "question.choose_all",
                                "question.scale_low",
                                "question.scale_high",
                                "keyboard.space",
                                "keyboard.delete",
                                "keyboard.done",
                                "thanks.title",
                                "thanks.returning",
                                "still_there.title",
                                "still_there.countdown",
                                "still_there.continue",
                                "still_there.start_over",
                                "out_of_service.body",
                                "out_of_service.code",
                                "a11y.larger",
                                "a11y.contrast",
                                "a11y.read",
                                "staff.pin.title",
                                "staff.pin.wrong",
                                "staff.pin.locked",
                                "staff.pin.not_set",
                                "staff.menu.reset",
                                "staff.menu.status",
                                "staff.menu.sync_now",
                                "staff.menu.therapists",
                                "staff.menu.default_language",
                                "staff.menu.exit",
                                "staff.menu.close",
                                "staff.status.pending",
                                "staff.status.failed",
                                "staff.status.rejected",
                                "staff.status.last_sync",
                                "staff.status.last_error",
                                "staff.status.free_disk",
                                "staff.status.version",
                                "staff.status.kiosk_id",
                                "language.name"}) {
            CAPTURE(key);
            CHECK(s.has("en", key));
        }
    }

    TEST_CASE("progress and countdowns read naturally in both languages") {
        const Strings s = Strings::load(shipped);
        CHECK(s.format("en", "question.progress", {{"n", "3"}, {"total", "9"}}) == "Question 3 of 9");
        CHECK(s.format("es", "question.progress", {{"n", "3"}, {"total", "9"}}) == "Pregunta 3 de 9");
        CHECK(s.format("es", "welcome.title", {{"clinic", "Fisio Norte"}}) == "Le damos la bienvenida a Fisio Norte");
        CHECK(s.format("en", "out_of_service.code", {{"code", "E-STORE-FULL"}}) == "Error code E-STORE-FULL");
    }

}  // TEST_SUITE

TEST_SUITE("strings lookup") {
    TEST_CASE("a string missing in a language falls back to English, and a key missing everywhere to itself") {
        const Strings s = Strings::load(
            strings_dir_with("fallback", {{"en.json", R"({"a": "Apple", "b": "Banana", "language.name": "English"})"},
                                          {"fr.json", R"({"a": "Pomme"})"}}));
        CHECK(s.get("fr", "a") == "Pomme");
        CHECK(s.get("fr", "b") == "Banana");
        CHECK_FALSE(s.has("fr", "b"));
        CHECK(s.get("de", "a") == "Apple");
        CHECK(s.get("fr", "no.such.key") == "no.such.key");
        // A language without its own name shows its code, not "English".
        CHECK(s.language_name("fr") == "fr");
    }

    TEST_CASE("format fills every placeholder and leaves an unknown one visible") {
        const Strings s = Strings::load(
            strings_dir_with("format", {{"en.json", R"({"t": "{n} of {total}, {n} again; {missing} {unclosed"})"}}));
        CHECK(s.format("en", "t", {{"n", "2"}, {"total", "5"}}) == "2 of 5, 2 again; {missing} {unclosed");
    }

    TEST_CASE("a strings file that is not JSON is refused naming the file") {
        const fs::path dir = strings_dir_with("malformed", {{"en.json", R"({"a": "A",)"}});
        const std::string message = load_error(dir);
        CHECK(message.rfind((dir / "en.json").string() + ": not valid JSON", 0) == 0);
    }

    TEST_CASE("a strings file with a number too large for a double is refused naming the file, not thrown past") {
        const fs::path dir = strings_dir_with("overflow", {{"en.json", R"({"a": 1e400})"}});
        const std::string message = load_error(dir);
        CHECK(message.rfind((dir / "en.json").string() + ": not valid JSON", 0) == 0);
    }

    TEST_CASE("a text that is not a string, or is empty, is refused naming the file and key") {
        const fs::path dir = strings_dir_with("types", {{"en.json", R"({"a": "A"})"}, {"es.json", R"({"a": 3})"}});
        CHECK(load_error(dir) == (dir / "es.json").string() + ": \"a\": expected a string, got number");
        const fs::path empty = strings_dir_with("empty", {{"en.json", R"({"a": ""})"}});
        CHECK(load_error(empty) == (empty / "en.json").string() + ": \"a\": expected some text, got an empty string");
        const fs::path nested = strings_dir_with("nested", {{"en.json", R"(["a"])"}});
        CHECK(load_error(nested) ==
              (nested / "en.json").string() + ": expected one JSON object of \"key\": \"text\" pairs, got array");
    }

    TEST_CASE("a strings directory without English is refused, since English is the fallback") {
        const fs::path dir = strings_dir_with("no-english", {{"es.json", R"({"a": "A"})"}});
        CHECK(load_error(dir).find((dir / "en.json").string() + ": missing") == 0);
        CHECK(load_error("/nonexistent/strings").find("/nonexistent/strings: cannot list") == 0);
    }

}  // TEST_SUITE
