#include "core/staff/set_pin.h"

#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>

#include <sodium.h>

#include "core/staff/pin.h"

namespace alliance {

namespace {

static_assert(sizeof(termios) <= 64, "TerminalEchoOff::saved_ is too small for struct termios");

// One line without its line ending; false at end of input.
bool read_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

}  // namespace

TerminalEchoOff::TerminalEchoOff(int fd) : fd_(fd) {
    termios t{};
    if (!::isatty(fd) || ::tcgetattr(fd, &t) != 0) return;
    std::memcpy(saved_, &t, sizeof t);
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    t.c_lflag |= ECHONL;  // the Enter key still moves to a new line
    active_ = ::tcsetattr(fd, TCSAFLUSH, &t) == 0;
}

TerminalEchoOff::~TerminalEchoOff() {
    if (!active_) return;
    termios t{};
    std::memcpy(&t, saved_, sizeof t);
    ::tcsetattr(fd_, TCSAFLUSH, &t);
}

int run_set_pin_file(const std::filesystem::path& hash_file, std::istream& in, std::ostream& out, bool input_echoed) {
    const char* after_input = input_echoed ? "" : "\n";
    std::string first, second;
    out << "New PIN (4 to 8 digits): " << std::flush;
    bool got_first = read_line(in, first);
    out << after_input;
    out << "The same PIN again: " << std::flush;
    bool got_second = got_first && read_line(in, second);
    out << after_input;
    int code = 0;
    if (!got_second) {
        out << "set-pin: the PIN must be typed twice; nothing was changed.\n";
        code = 1;
    } else if (first != second) {
        out << "set-pin: the two PINs differ; nothing was changed.\n";
        code = 1;
    } else if (!is_valid_pin(first)) {
        out << "set-pin: a PIN is 4 to 8 digits (0-9) and nothing else; nothing was changed.\n";
        code = 1;
    } else {
        try {
            write_pin_hash_file(hash_file, hash_pin(first));
            out << "set-pin: the PIN hash was written to " << hash_file.string() << " (mode 0600).\n";
        } catch (const std::exception& e) {
            out << "set-pin: " << e.what() << "\n";
            code = 2;
        }
    }
    // Don't leave the PIN lying in freed memory.
    sodium_memzero(first.data(), first.size());
    sodium_memzero(second.data(), second.size());
    return code;
}

int run_set_pin(const Config& config, std::istream& in, std::ostream& out, bool it, bool input_echoed) {
    const std::filesystem::path& file = it ? config.staff.it_pin_hash_file : config.staff.pin_hash_file;
    if (file.empty()) {
        out << "set-pin: " << (config.source_file.empty() ? "the config" : config.source_file.string()) << ": [staff] "
            << (it ? "it_pin_hash_file" : "pin_hash_file") << " is empty; name the file the PIN hash goes to.\n";
        return 1;
    }
    return run_set_pin_file(file, in, out, input_echoed);
}

int run_set_pin_from_stdin(const Config& config, bool it) {
    TerminalEchoOff no_echo(STDIN_FILENO);  // ECHONL stays on, so each Enter still ends the line
    return run_set_pin(config, std::cin, std::cerr, it, no_echo.active());
}

}  // namespace alliance
