#include "core/base/time_format.h"

#include <cstdio>
#include <stdexcept>

namespace alliance {
namespace {

using namespace std::chrono;

[[noreturn]] void bad(std::string_view text, const char* what) {
    throw std::invalid_argument("time: '" + std::string(text) + "' is not an RFC 3339 date-time (" + what +
                                "; expected e.g. 2026-11-28T12:00:00Z)");
}

// Reads exactly `n` decimal digits at `pos`, advancing it.
int digits(std::string_view text, std::size_t& pos, std::size_t n) {
    if (pos + n > text.size()) bad(text, "too short");
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') bad(text, "a digit was expected");
        value = value * 10 + (c - '0');
    }
    pos += n;
    return value;
}

void expect(std::string_view text, std::size_t& pos, std::string_view one_of) {
    if (pos >= text.size() || one_of.find(text[pos]) == std::string_view::npos) bad(text, "wrong separator");
    ++pos;
}

}  // namespace

std::string to_rfc3339(WallTime t) {
    const auto secs = floor<seconds>(t);
    const auto day = floor<days>(secs);
    const year_month_day ymd{day};
    const hh_mm_ss hms{secs - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<long long>(hms.seconds().count()));
    return buf;
}

WallTime from_rfc3339(std::string_view text) {
    std::size_t pos = 0;
    const int y = digits(text, pos, 4);
    expect(text, pos, "-");
    const int mo = digits(text, pos, 2);
    expect(text, pos, "-");
    const int d = digits(text, pos, 2);
    expect(text, pos, "Tt ");
    const int h = digits(text, pos, 2);
    expect(text, pos, ":");
    const int mi = digits(text, pos, 2);
    expect(text, pos, ":");
    int s = digits(text, pos, 2);

    nanoseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        long long scale = 100'000'000;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += nanoseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) bad(text, "digits were expected after '.'");
    }

    minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const int oh = digits(text, pos, 2);
        expect(text, pos, ":");
        const int om = digits(text, pos, 2);
        if (oh > 23 || om > 59) bad(text, "the offset is out of range");
        offset = minutes(sign * (oh * 60 + om));
    } else {
        bad(text, "a time zone ('Z' or +HH:MM) was expected");
    }
    if (pos != text.size()) bad(text, "unexpected text after the time zone");

    const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!ymd.ok()) bad(text, "no such date");
    if (h > 23 || mi > 59 || s > 60) bad(text, "the time of day is out of range");
    if (s == 60) s = 59;  // a leap second: system_clock does not count them
    // WallTime counts nanoseconds in 64 bits: years 1678 to 2261 only. Checked in whole seconds,
    // which cannot overflow for any four-digit year, before converting.
    const sys_seconds utc = sys_days(ymd) + hours(h) + minutes(mi) + seconds(s) - offset;
    constexpr auto first = time_point_cast<seconds>(WallTime::min()) + seconds(1);
    constexpr auto last = time_point_cast<seconds>(WallTime::max()) - seconds(1);
    if (utc < first || utc > last) bad(text, "the year is out of range (1678 to 2261)");
    return time_point_cast<WallTime::duration>(utc) + fraction;
}

}  // namespace alliance
