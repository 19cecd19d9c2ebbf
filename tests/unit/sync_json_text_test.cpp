// JSON text written without a tree: whatever goes in must read back the same with a real parser.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "sync/json_text.h"

using alliance::sync::JsonText;
using nlohmann::json;

TEST_CASE("nested objects and arrays get their commas and read back as written") {
    JsonText t;
    t.open_object().key("a").value(1).key("b").open_array().value("x").value(true).open_object().close_object();
    t.open_array().close_array().close_array().key("c").open_object().key("d").value(false).close_object();
    t.close_object();
    CHECK(t.str() == R"({"a":1,"b":["x",true,{},[]],"c":{"d":false}})");
    CHECK(json::parse(t.str()) ==
          json{{"a", 1}, {"b", {"x", true, json::object(), json::array()}}, {"c", {{"d", false}}}});
}

TEST_CASE("quotes, backslashes, control characters and non-ASCII text survive the round trip") {
    const std::string tricky = std::string("he said \"no\" \\ then\n\ttab\r\b\f bell\x07 nul") + '\0' +
                               " unit\x1f end, se\xc3\xb1or \xe2\x9c\x93 \xf0\x9f\x98\x80 </script>";
    JsonText t;
    t.open_object().key(tricky).value(tricky).close_object();
    const json back = json::parse(t.str());
    REQUIRE(back.size() == 1);
    CHECK(back.begin().key() == tricky);
    CHECK(back.begin().value() == tricky);
    CHECK(t.str().find('\x07') == std::string::npos);  // control characters are escaped
    CHECK(t.str().find("\\u0007") != std::string::npos);
}

TEST_CASE("numbers are written so that they read back exactly; non-finite ones become null") {
    const double values[] = {0.0, 3.5, 4.0, -2.25, 1e-7, 0.1, 1.0 / 3.0, 12345678.875, 1e300};
    for (const double v : values) {
        JsonText t;
        t.open_array().value(v).close_array();
        CHECK(json::parse(t.str())[0].get<double>() == v);
    }
    JsonText t;
    t.open_array()
        .value(std::numeric_limits<double>::quiet_NaN())
        .value(std::numeric_limits<double>::infinity())
        .value(std::numeric_limits<long long>::min())
        .value(-7)
        .close_array();
    const json back = json::parse(t.str());
    CHECK(back[0].is_null());
    CHECK(back[1].is_null());
    CHECK(back[2].get<long long>() == std::numeric_limits<long long>::min());
    CHECK(back[3] == -7);
}
