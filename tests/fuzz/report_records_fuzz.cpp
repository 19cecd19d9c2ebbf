// Fuzzes how `alliance-sync report` reads FHIR resources (a server's search pages hold them, and a
// Bulk Data export is a file of them, one a line): the input is one resource, read, and if it is
// a QuestionnaireResponse scored and flagged with the shipped questionnaire and summed. The
// contract: read_resource returns or throws std::runtime_error (naming the element); nothing else
// escapes, and nothing crashes or trips a sanitizer.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/questionnaire/questionnaire_loader.h"
#include "sync/report_model.h"
#include "sync/report_records.h"

using namespace alliance;
using namespace alliance::sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Questionnaire q =
        load_questionnaire(std::string(ALLIANCE_SOURCE_DIR) + "/content/questionnaires/alliance-check.json");
    ReportModel model(q, "2000-01-01", "2099-12-31", true);
    try {
        read_resource(std::string_view(reinterpret_cast<const char*>(data), size),
                      [&model](const ReportRecord& r) { model.add(r); });
    } catch (const std::runtime_error&) {
        // A resource the report cannot read: reported to the user with the element's name.
    }
    return 0;
}
