#include "sync/pass_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace alliance::sync {

std::optional<PassLock> PassLock::acquire(const std::filesystem::path& file, std::chrono::milliseconds wait) {
    // Owner-only like everything in the data directory; O_NOFOLLOW: never a symlink planted there.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("cannot open the sync lock " + file.string() + ": " + std::strerror(errno));
    const auto end = std::chrono::steady_clock::now() + wait;
    for (;;) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return PassLock(fd);
        if (errno != EWOULDBLOCK && errno != EINTR) break;
        if (std::chrono::steady_clock::now() >= end) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::close(fd);
    return std::nullopt;
}

PassLock::~PassLock() {
    if (fd_ >= 0) ::close(fd_);  // closing drops the flock
}

std::filesystem::path pass_lock_file(const std::filesystem::path& data_dir) { return data_dir / "sync.lock"; }

}  // namespace alliance::sync
