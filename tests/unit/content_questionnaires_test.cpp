// Every questionnaire shipped in content/questionnaires/ loads, and the "Alliance check" covers
// what content/README.md promises, in English and Spanish.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>
#include <sstream>

#include "core/questionnaire/questionnaire_loader.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

const fs::path content_dir = fs::path(ALLIANCE_SOURCE_DIR) / "content" / "questionnaires";

Questionnaire alliance_check() { return load_questionnaire(content_dir / "alliance-check.json"); }

std::size_t word_count(const std::string& s) {
    std::istringstream in(s);
    return static_cast<std::size_t>(
        std::distance(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()));
}

}  // namespace

TEST_CASE("every shipped questionnaire file loads and is complete in each of its languages") {
    int files = 0;
    for (const auto& entry : fs::directory_iterator(content_dir)) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        CAPTURE(entry.path().string());
        Questionnaire q;
        REQUIRE_NOTHROW(q = load_questionnaire(entry.path()));
        CHECK(q.status == "active");
        CHECK_FALSE(q.version.empty());
        CHECK(std::find(q.languages.begin(), q.languages.end(), "es") != q.languages.end());
        for (const auto& lang : q.languages) {
            CAPTURE(lang);
            CHECK(missing_translations(q, lang) == std::vector<std::string>{});
        }
    }
    CHECK(files >= 1);
}

TEST_CASE("the Alliance check is identified by its canonical URL and version") {
    Questionnaire q = alliance_check();
    CHECK(q.url == "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check");
    CHECK(q.version == "1.1.0");
    CHECK(q.title.base == "Alliance check");
    CHECK(q.language == "en");
    CHECK(q.languages == std::vector<std::string>{"en", "es"});
}

TEST_CASE("the Alliance check has at least two 5-point items in each of goal, task and bond") {
    // 1.1: an item may add one "does not apply" answer after the five, marked not scored.
    Questionnaire q = alliance_check();
    CHECK(q.subscales == std::vector<std::string>{"goal", "task", "bond"});
    std::map<std::string, int> per_subscale;
    for (const Item* item : flatten_items(q)) {
        if (item->subscale.empty()) continue;
        CAPTURE(item->link_id);
        ++per_subscale[item->subscale];
        CHECK(item->required);
        REQUIRE(item->options.size() >= 5);
        for (std::size_t i = 5; i < item->options.size(); ++i) {
            CHECK(item->options[i].not_scored);
            CHECK_FALSE(item->options[i].weight);
        }
        for (int i = 0; i < 5; ++i) {
            CHECK(item->options[i].coding.code == std::to_string(i + 1));
            CHECK(item->options[i].weight == double(i + 1));
        }
        CHECK(item->options[0].display.base == "Not at all");
        CHECK(item->options[4].display.base == "Completely");
    }
    CHECK(per_subscale["goal"] >= 2);
    CHECK(per_subscale["task"] >= 2);
    CHECK(per_subscale["bond"] >= 2);
}

TEST_CASE("the Alliance check asks the main goal, whether it was discussed, a 0-10 rating and a comment") {
    Questionnaire q = alliance_check();
    const Item* goal = find_item(q, "main-goal");
    REQUIRE(goal != nullptr);
    CHECK(goal->type == ItemType::choice);
    CHECK(goal->options.size() >= 5);
    CHECK(goal->options.back().coding.code == "other");
    const Item* discussed = find_item(q, "goal-discussed");
    REQUIRE(discussed != nullptr);
    CHECK(discussed->type == ItemType::boolean);
    CHECK(discussed->enable_when.at(0).question == "main-goal");
    const Item* overall = find_item(q, "overall");
    REQUIRE(overall != nullptr);
    CHECK(overall->type == ItemType::integer);
    CHECK(overall->min_value == 0);
    CHECK(overall->max_value == 10);
    CHECK(overall->min_label.in("es") == "Muy mala");
    CHECK(overall->max_label.in("es") == "Muy buena");
    const Item* comment = find_item(q, "comment");
    REQUIRE(comment != nullptr);
    CHECK(comment->type == ItemType::text);
    CHECK_FALSE(comment->required);
    // Optional: the comment and the follow-up after a low answer (shown only then).
    for (const Item* item : flatten_items(q))
        if (item != comment && item->enable_when.size() <= 1) CHECK_MESSAGE(item->required, item->link_id);
}

TEST_CASE("the Alliance check is short: 9 to 12 items, 14 after a low answer, of plain, short questions") {
    Questionnaire q = alliance_check();
    auto items = flatten_items(q);
    const auto always =
        std::count_if(items.begin(), items.end(), [](const Item* i) { return i->enable_when.size() <= 1; });
    CHECK(always >= 9);
    CHECK(always <= 12);
    CHECK(items.size() <= 14);
    for (const Item* item : items) {
        CAPTURE(item->link_id);
        CHECK(word_count(item->text.base) <= 14);
        CHECK(word_count(item->text.in("es")) <= 16);
        CHECK(item->text.in("es") != item->text.base);
        for (const auto& o : item->options) CHECK(o.display.in("es") != o.display.base);
    }
}

TEST_CASE("the Alliance check uses none of the licensed instruments' wording") {
    // Signature phrases of WAI-SR and the Session Rating Scale; the kiosk ships its own items.
    const char* licensed[] = {"collaborate on setting goals",
                              "appreciates me",
                              "respect each other",
                              "mutually agreed",
                              "heard, understood",
                              "good fit for me",
                              "new ways of looking",
                              "clearer as to how",
                              "cares about me even"};
    Questionnaire q = alliance_check();
    for (const Item* item : flatten_items(q))
        for (const char* phrase : licensed) CHECK(item->text.base.find(phrase) == std::string::npos);
}
