#pragma once
// One sender at a time: `run` holds <data dir>/sync.lock for each pass, `push` for its pass, so
// that two processes never claim and send the same responses at once. An advisory flock(2): the
// kernel drops it when its holder exits, however it exits, so a crash never leaves it stuck.
#include <chrono>
#include <filesystem>
#include <optional>

namespace alliance::sync {

class PassLock {
public:
    // Waits up to `wait` for the lock; nullopt when another process still holds it then.
    // Throws std::runtime_error naming the file when it cannot be opened.
    static std::optional<PassLock> acquire(const std::filesystem::path& file, std::chrono::milliseconds wait);
    PassLock(PassLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    PassLock(const PassLock&) = delete;
    PassLock& operator=(const PassLock&) = delete;
    PassLock& operator=(PassLock&&) = delete;
    ~PassLock();

private:
    explicit PassLock(int fd) : fd_(fd) {}
    int fd_;
};

// <data dir>/sync.lock
std::filesystem::path pass_lock_file(const std::filesystem::path& data_dir);

}  // namespace alliance::sync
