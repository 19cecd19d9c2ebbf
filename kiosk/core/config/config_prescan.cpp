// A pass over the raw config text before toml++ sees it. toml++ 3.3 (Debian 12) reaches
// undefined behaviour (TOML_UNREACHABLE in is_non_ascii_horizontal_whitespace; upstream issues
// #190 and #295, fixed after 3.3) when it tests some non-ASCII characters for whitespace. It
// does that only in three places, all refused here first with a plain message:
//   - outside strings and comments, where TOML allows only ASCII anyway;
//   - right after a backslash in a """multi-line""" string (an invalid escape anyway);
//   - as the first character after a line-ending backslash in a """multi-line""" string.
// Control characters other than tab, CR and LF are refused anywhere (TOML forbids them even in
// comments): a NUL in a table header trips one of toml++'s internal assertions.
// Valid TOML is never refused except the third case, which a config has no reason to use.
#include <cstdio>
#include <string>
#include <string_view>

#include "core/config/config.h"
#include "core/config/config_reader.h"

namespace alliance::config_detail {
namespace {

class Scanner {
public:
    Scanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    void run() {
        check_control_characters();
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '#') {
                skip_to_line_end();
            } else if (starts_with("\"\"\"")) {
                multi_line_basic();
            } else if (starts_with("'''")) {
                multi_line_literal();
            } else if (c == '"' || c == '\'') {
                single_line(c);
            } else if (is_non_ascii(c)) {
                fail("a non-ASCII character outside a quoted string or comment");
            } else {
                advance();
            }
        }
    }

private:
    void check_control_characters() {
        while (pos_ < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                char code[8];
                std::snprintf(code, sizeof code, "U+%04X", c);
                fail(std::string("a control character (") + code + ")");
            }
            advance();
        }
        pos_ = 0;
        line_ = 1;
        line_start_ = 0;
    }

    static bool is_non_ascii(char c) { return (static_cast<unsigned char>(c) & 0x80u) != 0; }
    bool starts_with(std::string_view s) const { return text_.substr(pos_).starts_with(s); }

    void advance() {
        if (text_[pos_] == '\n') {
            ++line_;
            line_start_ = pos_ + 1;
        }
        ++pos_;
    }

    void skip_to_line_end() {
        while (pos_ < text_.size() && text_[pos_] != '\n') advance();
    }

    // "..." or '...': ends at the closing quote or, if unterminated, at the line end (toml++
    // reports that error itself).
    void single_line(char quote) {
        advance();
        while (pos_ < text_.size() && text_[pos_] != '\n') {
            if (quote == '"' && text_[pos_] == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
                advance();
            } else if (text_[pos_] == quote) {
                advance();
                return;
            }
            advance();
        }
    }

    void multi_line_literal() {
        pos_ += 3;
        while (pos_ < text_.size() && !starts_with("'''")) advance();
        close_multi_line('\'');
    }

    void multi_line_basic() {
        pos_ += 3;
        while (pos_ < text_.size() && !starts_with("\"\"\"")) {
            if (text_[pos_] != '\\') {
                advance();
                continue;
            }
            advance();
            if (pos_ >= text_.size()) return;
            if (is_non_ascii(text_[pos_])) fail("a backslash before a non-ASCII character in a \"\"\" string");
            if (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n') {
                // A line-ending backslash: toml++ skips the whitespace that follows.
                while (pos_ < text_.size() && std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) {
                    advance();
                }
                if (pos_ < text_.size() && is_non_ascii(text_[pos_])) {
                    fail(
                        "a non-ASCII character right after a line-ending backslash in a \"\"\" string "
                        "(not supported by toml++ 3.3; keep it on the line of the backslash)");
                }
            } else {
                advance();  // an escape such as \" or \\ : the next character is not a delimiter
            }
        }
        close_multi_line('"');
    }

    // A multi-line string may end with up to two quotes before its closing three.
    void close_multi_line(char quote) {
        for (int i = 0; i < 5 && pos_ < text_.size() && text_[pos_] == quote; ++i) advance();
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw ConfigError(file_ + ":" + std::to_string(line_) + ":" + std::to_string(pos_ - line_start_ + 1) +
                          ": not valid TOML: " + what);
    }

    std::string_view text_;
    const std::string& file_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

}  // namespace

void check_toml_text(std::string_view text, const std::string& file) {
    // A config is a few kilobytes; a huge file is a mistake (or an attack on the parser).
    constexpr std::size_t max_size = 1 << 20;
    if (text.size() > max_size) throw ConfigError(file + ": larger than 1 MiB; not a kiosk config");
    Scanner(text, file).run();
}

}  // namespace alliance::config_detail
