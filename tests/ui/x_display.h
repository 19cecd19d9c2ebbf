#pragma once
// For doctest programs that need an X display but no window: SFML loads glyphs into OpenGL
// textures, which needs a GLX context. Starts a private Xvfb when DISPLAY is not set (CI) and
// stops it when the program ends. Header-only; include from one test file a program.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace alliance::test {

class PrivateXvfb {
public:
    PrivateXvfb() {
        const char* d = std::getenv("DISPLAY");
        if (d && *d) return;
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            // -noreset: without it Xvfb resets when its last client leaves (one test case's font
            // and GL context), and the next test case's connection can land in the reset and fail
            // ("Failed to open X11 display"; seen on a fresh machine).
            // Dies with the test program, even one killed by ctest's timeout or an abort: a
            // leftover Xvfb keeps its display number (and abstract socket) taken.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            close(fds[0]);
            const std::string fd = std::to_string(fds[1]);
            execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
                   "-noreset", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        char buf[32] = {};
        const ssize_t n = read(fds[0], buf, sizeof buf - 1);
        // The read end stays open while Xvfb runs: Xvfb may write to it again and dies of a
        // failed write ("Cannot write display number") once nobody is reading.
        pipe_ = fds[0];
        if (n <= 0) throw std::runtime_error("Xvfb did not start (Debian package xvfb)");
        std::string number(buf, static_cast<std::size_t>(n));
        while (!number.empty() && (number.back() == '\n' || number.back() == ' ')) number.pop_back();
        setenv("DISPLAY", (":" + number).c_str(), 1);
    }
    ~PrivateXvfb() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
            close(pipe_);
        }
    }
    PrivateXvfb(const PrivateXvfb&) = delete;
    PrivateXvfb& operator=(const PrivateXvfb&) = delete;

private:
    pid_t pid_ = -1;
    int pipe_ = -1;
};

// The display for the whole test program, started on first use.
inline void ensure_display() { static PrivateXvfb xvfb; }

}  // namespace alliance::test
