#include "core/content/content_check.h"

#include "core/content/paths.h"
#include "core/content/therapist_photo.h"
#include "core/questionnaire/questionnaire_loader.h"

namespace alliance {

Strings load_kiosk_strings(const Config& config, std::vector<std::string>& warnings) {
    Strings strings =
        load_strings(config, [&](const std::string& warning) { warnings.push_back("content override: " + warning); });
    check_languages(config, strings);
    return strings;
}

Questionnaire load_kiosk_questionnaire(const Config& config, std::vector<std::string>& warnings) {
    Questionnaire q = load_questionnaire(questionnaire_file(config));
    warnings.insert(warnings.end(), q.warnings.begin(), q.warnings.end());
    for (const auto& language : config.kiosk.languages)
        if (const auto missing = missing_translations(q, language); !missing.empty())
            warnings.push_back(q.source_file + ": " + std::to_string(missing.size()) + " text(s) without a '" +
                               language + "' translation (shown in the base language), first: " + missing.front());
    return q;
}

ContentReport check_content(const Config& config) {
    ContentReport report;
    try {
        report.dir = content_dir(config);
    } catch (const std::exception& e) {
        report.problems.push_back(e.what());
        return report;  // nothing else can be found
    }
    try {
        load_kiosk_strings(config, report.warnings);
    } catch (const std::exception& e) {
        report.problems.push_back(e.what());
    }
    try {
        load_kiosk_questionnaire(config, report.warnings);
    } catch (const std::exception& e) {
        report.problems.push_back(e.what());
    }
    for (const auto& [id, file] : therapist_photos(config, config.kiosk.therapists))
        if (const PhotoCheck photo = check_photo_file(file); !photo.problem.empty())
            report.problems.push_back(photo.problem + " (therapist '" + id +
                                      "'; without a usable photo the kiosk "
                                      "shows the initials)");
    return report;
}

int print_content_report(const ContentReport& report, std::ostream& out) {
    for (const auto& p : report.problems) out << "problem: " << p << '\n';
    for (const auto& w : report.warnings) out << "warning: " << w << '\n';
    const std::string where = report.dir.empty() ? "the content" : report.dir.string();
    if (report.problems.empty()) {
        out << where << ": ok, the kiosk can show this content (" << report.warnings.size() << " warning(s))\n";
        return 0;
    }
    out << where << ": " << report.problems.size()
        << " problem(s); fix them before deploying (a bad questionnaire or strings file puts the kiosk out of "
           "service, E-CONTENT)\n";
    return 3;
}

}  // namespace alliance
