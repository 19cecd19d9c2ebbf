#pragma once
// Where `alliance-sync report` reads QuestionnaireResponses from (sync/README.md, "Feedback for
// therapists"): NDJSON files of FHIR resources (Bulk Data $export output, or `alliance-sync export
// --format fhir-ndjson`) or the configured FHIR server (searches of _count per page, following
// Bundle.link next). Either way one resource is read at a time with simdjson and handed on, so
// memory does not grow with the number of responses. Other resource types are skipped.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/questionnaire/enable_when.h"
#include "sync/auth.h"
#include "sync/http_client.h"

namespace alliance::sync {

// What the report needs of one QuestionnaireResponse.
struct ReportRecord {
    std::string status;          // completed | stopped | ...
    std::string questionnaire;   // canonical URL without "|version"
    std::string authored;        // as written (RFC 3339)
    std::string therapist_key;   // "<system>|<value>" or the literal reference; "" when not said
    std::string therapist_name;  // the reference's display ("" when none)
    AnswerMap answers;           // linkId -> answers, groups and nested items flattened
};

using RecordVisitor = std::function<void(const ReportRecord&)>;

// Reads one FHIR resource (JSON text); calls `visit` when it is a QuestionnaireResponse. Returns
// false when the text is not a JSON object. Throws std::runtime_error naming the element when a
// QuestionnaireResponse has an element of the wrong type.
bool read_resource(std::string_view json, const RecordVisitor& visit);

// Each line of `file` a resource; blank lines skipped. Throws std::runtime_error naming the file
// and line of a line that is not JSON.
void read_ndjson_file(const std::filesystem::path& file, const RecordVisitor& visit);

struct ServerQuery {
    std::string base_url;  // [sync] url
    std::string from, to;  // YYYY-MM-DD, inclusive
    int page_size = 200;   // _count
};
// Searches the server page by page; returns the number of pages read. Throws std::runtime_error
// naming the URL and the server's message when a page cannot be had.
int read_server(HttpClient& http, Auth& auth, const ServerQuery& query, const RecordVisitor& visit);

}  // namespace alliance::sync
