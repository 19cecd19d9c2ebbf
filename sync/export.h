#pragma once
// `alliance-sync export`: every frozen response in the local store (pending, sent or rejected),
// as CSV (one row per response, for a spreadsheet) or NDJSON (one JSON object per line, for
// programs). The store is read a page at a time, so memory does not grow with its size.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/questionnaire/response.h"
#include "core/store/store.h"
#include "sync/fhir_mapping.h"

namespace alliance::sync {

// Calls `visit` for each frozen response of the store in `data_dir`, oldest first, through the
// store's interface (Store::for_each_stored_response). Throws StoreError.
void for_each_stored_response(const std::filesystem::path& data_dir,
                              const std::function<void(const StoredResponse&)>& visit);

// fhir_ndjson: each response as FHIR resources, one a line (its QuestionnaireResponse, then its
// score Observations), with ids, the way a Bulk Data $export writes them; `report --input` reads it.
enum class ExportFormat { csv, ndjson, fhir_ndjson };

// The CSV's score and answer columns: every score name and item linkId in the store, in the
// order first met (one pass over the store, holding only the names).
struct CsvColumns {
    std::vector<std::string> scores;  // "score_<name>" columns
    std::vector<std::string> items;   // "answer_<linkId>" columns
};
CsvColumns csv_columns(const std::filesystem::path& data_dir);

// The CSV header line (without the line end).
std::string csv_header(const CsvColumns& columns);

class ExportWriter {
public:
    // `mapping`: the therapists' references, for fhir_ndjson.
    ExportWriter(std::ostream& out, ExportFormat format, fhir::MappingOptions mapping = {}, CsvColumns columns = {});
    void write(const StoredResponse& row);
    int rows() const { return rows_; }

private:
    std::ostream& out_;
    ExportFormat format_;
    fhir::MappingOptions mapping_;
    CsvColumns columns_;
    int rows_ = 0;
};

}  // namespace alliance::sync
