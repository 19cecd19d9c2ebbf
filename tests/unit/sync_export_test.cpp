// The export's CSV cells: one column per score and per item, values written plainly.
#include <doctest/doctest.h>

#include <sstream>

#include "sync/export.h"

using namespace alliance;
using namespace alliance::sync;

TEST_CASE("a multi-select answer is its codes joined by semicolons and a missing answer an empty cell") {
    StoredResponse row;
    row.state = "sent";
    Response& r = row.response;
    r.session_id = "0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f";
    r.status = "completed";
    r.answers = {{"goals", {Coding{"s", "work", "Work"}, Coding{"s", "sport", "Sport"}}}, {"ok", {false}}};
    r.scores = {{"total", 4.25}};
    r.low_alliance = std::vector<std::string>{"bond", "total"};
    std::ostringstream out;
    ExportWriter writer(out, ExportFormat::csv, {}, CsvColumns{{"total", "goal"}, {"goals", "ok", "comment"}});
    writer.write(row);
    const std::string text = out.str();
    const std::string header = text.substr(0, text.find("\r\n"));
    CHECK(header.find(",low_alliance,score_total,score_goal,answer_goals,answer_ok,answer_comment,attempts,") !=
          std::string::npos);
    CHECK(text.find(",bond;total,4.25,,work;sport,false,,0,,\r\n") != std::string::npos);
}
