// Questionnaire benchmark (issue 8): the time to load the shipped "Alliance check" (read the
// file, parse the JSON, check the FHIR subset, build the model), as the kiosk does at start-up.
// Usage: questionnaire_bench [--runs N] [--file PATH]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/base/build_info.h"
#include "core/questionnaire/questionnaire_loader.h"

int main(int argc, char** argv) {
    int runs = 2000;
    std::string file = std::string(alliance::build::source_content_dir) + "/questionnaires/alliance-check.json";
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (arg == "--file" && i + 1 < argc)
            file = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--runs N] [--file PATH]\n", argv[0]);
            return 2;
        }
    }
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(runs));
    std::size_t items = 0;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        alliance::Questionnaire q = alliance::load_questionnaire(file);
        auto end = std::chrono::steady_clock::now();
        items = alliance::flatten_items(q).size();
        ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    double p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    std::printf("load of %s (%zu items): %d runs, median %.3f ms, p99 %.3f ms\n", file.c_str(), items, runs, median,
                p99);
    std::printf("figure: questionnaire load median = %.3f ms\n", median);
    std::printf("figure: questionnaire load p99 = %.3f ms\n", p99);
}
