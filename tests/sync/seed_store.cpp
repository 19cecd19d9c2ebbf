// sync_seed: fills a data directory's store with completed responses through the Store API, the
// way the kiosk does (start_session, then complete_session), for the sync tests and benchmark.
//   sync_seed DIR COUNT [--invalid INDEX]... [--fast] [--scores N]
//   sync_seed DIR --responses FILE QUESTIONNAIRE
// The second form stores the responses of FILE (one kiosk-format response JSON a line, e.g.
// {"status":..., "therapistId":..., "authoredAt":..., "answers": [...]}) scored and flagged by
// the core as the kiosk does at completion, with QUESTIONNAIRE (a Questionnaire JSON file).
// Response i is deterministic: session ids are random, everything else follows from i. Its
// free-text answer holds the marker "PRIVATE-ANSWER-<i>" so tests can prove it never reaches
// a log. --invalid gives response INDEX an authored time no server accepts ("yesterday").
// --fast turns off synchronous writes (benchmarks only). --scores N gives each response N scores
// (at least the 3 usual ones; more as subscales "part-4"... a clinic might declare). Prints the session ids, one a
// line.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/base/time_format.h"
#include "core/questionnaire/alliance_flag.h"
#include "core/questionnaire/questionnaire_loader.h"
#include "core/questionnaire/scoring.h"
#include "core/store/sqlite_store.h"

namespace {

using namespace alliance;

Response make_response(const std::string& session_id, int i, WallTime authored, int score_count) {
    Response r;
    r.session_id = session_id;
    r.status = "completed";
    r.questionnaire_url = "https://alliance-kiosk.example/fhir/Questionnaire/alliance-check";
    r.questionnaire_version = "1.0.0";
    r.language = i % 2 == 0 ? "en" : "es";
    r.kiosk_id = "front-desk-1";
    if (i % 3 != 0) {
        r.therapist_id = i % 3 == 1 ? "alex" : "sam";
        r.therapist_name = i % 3 == 1 ? "Alex Rivera" : "Sam Okafor";
    }
    if (i % 4 == 0) r.visit_code = "V" + std::to_string(1000 + i);
    r.started_at = to_rfc3339(authored - std::chrono::minutes(3));
    r.authored_at = to_rfc3339(authored);
    const char* agreement[] = {"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"};
    for (int q = 1; q <= 4; ++q) {
        const int v = (i + q) % 5;
        r.answers.push_back(
            {"bond-" + std::to_string(q),
             {Coding{"https://alliance-kiosk.example/fhir/CodeSystem/agreement", agreement[v], agreement[v]}}});
    }
    r.answers.push_back({"pain-today", {(i * 7) % 11}});
    r.answers.push_back({"would-recommend", {i % 5 != 0}});
    r.answers.push_back({"comments", {std::string("PRIVATE-ANSWER-") + std::to_string(i)}});
    r.scores = {
        {"total", 1.0 + (i % 40) / 10.0}, {"bond", 1.0 + (i % 17) / 4.0}, {"goals", static_cast<double>(i % 5)}};
    for (int s = 4; s <= score_count; ++s) r.scores["part-" + std::to_string(s)] = (i + s) % 5;
    return r;
}

// The second form: each line a response with known answers, given the session id the store makes.
int seed_responses(const std::filesystem::path& dir, const std::string& file, const std::string& questionnaire) {
    const Questionnaire q = load_questionnaire(questionnaire);
    SqliteStoreOptions options;
    options.synchronous = SqliteStoreOptions::Synchronous::off;
    SqliteStore store(dir, options);
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line);
        j["sessionId"] = "pending";
        Response r = response_from_json(j);
        const WallTime at = from_rfc3339(r.authored_at);
        r.session_id = store.start_session({q.url, q.version, r.language, r.kiosk_id}, at - std::chrono::minutes(3));
        r.questionnaire_url = q.url;
        r.questionnaire_version = q.version;
        r.started_at = to_rfc3339(at - std::chrono::minutes(3));
        if (r.status == "stopped") {
            // A walked-away session, as the kiosk keeps it: its answers so far, no scores.
            if (!r.therapist_id.empty()) store.set_therapist(r.session_id, r.therapist_id, r.therapist_name);
            for (const auto& a : r.answers) store.record_answer(r.session_id, a, at);
            store.abandon_session(r.session_id, PartialPolicy::keep, at);
            std::cout << r.session_id << '\n';
            continue;
        }
        AnswerMap answers;
        for (auto& a : r.answers) {
            answers[a.link_id] = a.values;
            a.groups = enclosing_groups(q, a.link_id);  // as completed_response freezes them
        }
        r.scores = score_response(q, answers);
        r.low_alliance = low_alliance_parts(q, answers);
        store.complete_session(r, at);
        std::cout << r.session_id << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[2]) == "--responses") {
        try {
            return seed_responses(argv[1], argv[3], argv[4]);
        } catch (const std::exception& e) {
            std::cerr << "sync_seed: " << e.what() << "\n";
            return 1;
        }
    }
    if (argc < 3) {
        std::cerr << "usage: sync_seed DIR COUNT [--invalid INDEX]... [--fast]\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int count = std::atoi(argv[2]);
    std::set<int> invalid;
    int score_count = 3;
    SqliteStoreOptions options;
    for (int a = 3; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--invalid" && a + 1 < argc) {
            invalid.insert(std::atoi(argv[++a]));
        } else if (arg == "--scores" && a + 1 < argc) {
            score_count = std::atoi(argv[++a]);
        } else if (arg == "--fast") {
            options.synchronous = SqliteStoreOptions::Synchronous::off;
        } else {
            std::cerr << "sync_seed: unknown argument " << arg << "\n";
            return 2;
        }
    }
    try {
        SqliteStore store(dir, options);
        // Spread over the last days, oldest first, one second apart.
        const WallTime start = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) -
                               std::chrono::seconds(count + 60);
        for (int i = 0; i < count; ++i) {
            const WallTime at = start + std::chrono::seconds(i);
            const std::string id = store.start_session(
                {"https://alliance-kiosk.example/fhir/Questionnaire/alliance-check", "1.0.0", "en", "front-desk-1"},
                at - std::chrono::minutes(3));
            Response r = make_response(id, i, at, score_count);
            if (invalid.count(i) != 0) r.authored_at = "yesterday";
            store.complete_session(r, at);
            std::cout << id << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << "sync_seed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
