#pragma once
// JSON text written straight into a string, for the upload bodies built once per response.
// Building an nlohmann::json tree first and dumping it cost half of alliance-sync's CPU time per
// response (tests/bench/sync_bench.py). Only writing: replies are read with a real parser.
//
//     JsonText t;
//     t.open_object().key("status").value("final").key("n").value(3).close_object();
//
// Strings must be valid UTF-8 (everything written here comes from the store's JSON or the
// config, both of which a parser has already checked); quotes, backslashes and control characters
// are escaped.
#include <string>
#include <string_view>

namespace alliance::sync {

class JsonText {
public:
    explicit JsonText(std::size_t expected_size = 0) { out_.reserve(expected_size); }
    JsonText& open_object() { return open('{'); }
    JsonText& close_object() { return close('}'); }
    JsonText& open_array() { return open('['); }
    JsonText& close_array() { return close(']'); }
    JsonText& key(std::string_view name);
    JsonText& value(std::string_view text);
    JsonText& value(const char* text) { return value(std::string_view(text)); }
    JsonText& value(const std::string& text) { return value(std::string_view(text)); }
    JsonText& value(long long number);
    JsonText& value(int number) { return value(static_cast<long long>(number)); }
    JsonText& value(double number);  // shortest text that reads back the same; null if not finite
    JsonText& value(bool flag);
    // key(name).value(v)
    template <class V>
    JsonText& field(std::string_view name, const V& v) {
        return key(name).value(v);
    }

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void separate();  // the comma before an element that is not the first of its container
    JsonText& open(char bracket);
    JsonText& close(char bracket);
    std::string out_;
    bool comma_ = false;
};

}  // namespace alliance::sync
