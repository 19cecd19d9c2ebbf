#include "core/base/owner_only_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace alliance {
namespace {

std::string system_error_text(int err) { return std::error_code(err, std::generic_category()).message(); }

// Writes all of `data` to `fd`, retrying after a partial write or EINTR.
bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

void write_owner_only_file(const std::filesystem::path& file, const std::string& text, Durability durability) {
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
    std::string tmpl = (dir / ("." + file.filename().string() + ".XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());  // created 0600
    if (fd < 0)
        throw std::runtime_error(file.string() + ": cannot create a file in " + dir.string() + ": " +
                                 system_error_text(errno));
    auto fail = [&](const char* what) {
        int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw std::runtime_error(file.string() + ": " + what + ": " + system_error_text(err));
    };
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) fail("cannot set mode 0600");
    if (!write_all(fd, text)) fail("cannot write");
    if (durability == Durability::on_disk && ::fsync(fd) != 0) fail("cannot flush to disk");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        throw std::runtime_error(file.string() + ": cannot close: " + system_error_text(err));
    }
    if (::rename(tmpl.c_str(), file.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        throw std::runtime_error(file.string() + ": cannot replace: " + system_error_text(err));
    }
    if (durability != Durability::on_disk) return;
    // The rename is durable only once the directory is flushed too.
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace alliance
