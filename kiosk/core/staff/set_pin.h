#pragma once
// `alliance-kiosk --set-pin`: reads a new PIN twice and writes its Argon2id hash to
// [staff] pin_hash_file (0600, atomically). The UI's main calls run_set_pin_from_stdin.
#include <filesystem>
#include <istream>
#include <ostream>

#include "core/config/config.h"

namespace alliance {

// Reads two lines from `in` (prompts and errors go to `out`), checks they match and are 4–8
// digits, and writes the hash to config.staff.pin_hash_file (`it`: [staff] it_pin_hash_file, for
// `--set-it-pin`). Returns the process exit code: 0 written, 1 refused input or no file configured
// (nothing changed), 2 the file could not be written.
// `input_echoed`: a terminal already ended the line (ECHONL); otherwise each answer gets a newline
// of its own in `out` so that the messages stay readable in a log.
int run_set_pin(const Config& config, std::istream& in, std::ostream& out, bool it = false, bool input_echoed = false);
// The same for any hash file.
int run_set_pin_file(const std::filesystem::path& hash_file, std::istream& in, std::ostream& out,
                     bool input_echoed = false);

// Turns terminal echo off on `fd` while alive, when `fd` is a terminal; does nothing otherwise
// (pipes in tests). Restores the previous settings in its destructor.
class TerminalEchoOff {
public:
    explicit TerminalEchoOff(int fd);
    ~TerminalEchoOff();
    TerminalEchoOff(const TerminalEchoOff&) = delete;
    TerminalEchoOff& operator=(const TerminalEchoOff&) = delete;
    bool active() const { return active_; }

private:
    int fd_;
    bool active_ = false;
    unsigned char saved_[64];  // struct termios, kept opaque so callers need no <termios.h>
};

// `--set-pin` / `--set-it-pin` from the real standard input: echo off when it is a terminal,
// prompts to standard error. `it` chooses [staff] it_pin_hash_file.
int run_set_pin_from_stdin(const Config& config, bool it = false);

}  // namespace alliance
