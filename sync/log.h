#pragma once
// alliance-sync's log: one line per event on stderr (journald under systemd). What the lines
// mean is in sync/README.md, "Reading the log". Never a patient's answer: callers pass counts,
// session ids and server messages with quoted parts redacted (text_util.h).
#include <functional>
#include <string>
#include <string_view>

namespace alliance::sync {

class Log {
public:
    enum class Level { info, warning, error };
    using Sink = std::function<void(Level, std::string_view)>;

    // The default sink writes "warning: ..." to stderr, with a syslog priority prefix ("<4>")
    // when stderr is the journal, so that `journalctl -p warning` finds the problems.
    Log();
    explicit Log(Sink sink) : sink_(std::move(sink)) {}

    void info(std::string_view line) const { sink_(Level::info, line); }
    void warning(std::string_view line) const { sink_(Level::warning, line); }
    void error(std::string_view line) const { sink_(Level::error, line); }

private:
    Sink sink_;
};

}  // namespace alliance::sync
