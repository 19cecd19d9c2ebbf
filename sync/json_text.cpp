#include "sync/json_text.h"

#include <charconv>
#include <cmath>

namespace alliance::sync {

void JsonText::separate() {
    if (comma_) out_ += ',';
    comma_ = true;
}

JsonText& JsonText::open(char bracket) {
    separate();
    out_ += bracket;
    comma_ = false;
    return *this;
}

JsonText& JsonText::close(char bracket) {
    out_ += bracket;
    comma_ = true;
    return *this;
}

JsonText& JsonText::key(std::string_view name) {
    value(name);
    out_ += ':';
    comma_ = false;
    return *this;
}

namespace {

bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

// The shortest text that reads back as `number` (integers exactly).
template <class Number>
void append_number(std::string& out, Number number) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
    out.append(buffer, end);
}

}  // namespace

JsonText& JsonText::value(std::string_view text) {
    separate();
    out_ += '"';
    for (std::size_t i = 0; i < text.size();) {
        // Runs of plain characters are copied whole.
        std::size_t plain = i;
        while (plain < text.size() && !needs_escape(text[plain])) ++plain;
        out_.append(text.data() + i, plain - i);
        if (plain == text.size()) break;
        const char c = text[plain];
        i = plain + 1;
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            case '\b': out_ += "\\b"; break;
            case '\f': out_ += "\\f"; break;
            default: {  // another control character
                static constexpr char hex[] = "0123456789abcdef";
                out_ += "\\u00";
                out_ += hex[byte >> 4];
                out_ += hex[byte & 0xF];
            }
        }
    }
    out_ += '"';
    return *this;
}

JsonText& JsonText::value(long long number) {
    separate();
    append_number(out_, number);
    return *this;
}

JsonText& JsonText::value(double number) {
    separate();
    if (std::isfinite(number)) {
        append_number(out_, number);
    } else {
        out_ += "null";  // JSON has no NaN or infinity (as nlohmann writes them)
    }
    return *this;
}

JsonText& JsonText::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
}

}  // namespace alliance::sync
