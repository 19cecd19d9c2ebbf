#include "core/config/data_dir_owner.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace alliance {
namespace fs = std::filesystem;
namespace {

// The directory itself, or the nearest existing one above it.
fs::path nearest_existing(fs::path dir) {
    std::error_code ec;
    while (!fs::exists(dir, ec) && dir.has_parent_path() && dir.parent_path() != dir) dir = dir.parent_path();
    return dir;
}

[[noreturn]] void cannot_switch(const std::string& who, const char* step) {
    throw std::runtime_error("cannot switch from root to " + who + " (" + step + ": " + std::strerror(errno) +
                             "); run the command as that user instead: runuser -u " + who + " -- ...");
}

// As runuser does: supplementary groups first (they need root), then the group, then the user.
void switch_to(uid_t uid, gid_t dir_gid) {
    const passwd* pw = ::getpwuid(uid);
    const std::string who = user_name(uid);
    if (pw != nullptr) {
        if (::initgroups(pw->pw_name, pw->pw_gid) != 0) cannot_switch(who, "initgroups");
        if (::setgid(pw->pw_gid) != 0) cannot_switch(who, "setgid");
        ::setenv("HOME", pw->pw_dir, 1);
        ::setenv("USER", pw->pw_name, 1);
        ::setenv("LOGNAME", pw->pw_name, 1);
    } else {
        // A user id without an account: its directory's group, and no supplementary groups.
        if (::setgroups(0, nullptr) != 0) cannot_switch(who, "setgroups");
        if (::setgid(dir_gid) != 0) cannot_switch(who, "setgid");
    }
    if (::setuid(uid) != 0) cannot_switch(who, "setuid");
    // setuid from root is for good; make sure of it rather than work on as root by accident.
    if (::geteuid() != uid || ::setuid(0) == 0) cannot_switch(who, "giving up root");
}

}  // namespace

RunAs work_as_data_dir_owner(const Config& config, std::string_view program, std::ostream& log,
                             const std::string& service_user) {
    if (::geteuid() != 0) return RunAs::as_started;
    const fs::path& dir = config.storage.dir;
    const fs::path existing = nearest_existing(dir);
    struct stat st {};
    if (::stat(existing.c_str(), &st) != 0) return RunAs::as_started;  // the store will say what is wrong
    const std::string prefix = std::string(program) + ": started as root: ";
    if (st.st_uid != 0) {
        const std::string who = user_name(st.st_uid);
        switch_to(st.st_uid, st.st_gid);
        log << prefix << "working as " << who << ", the owner of " << existing.string() << " (as runuser -u " << who
            << " -- would), so that every file it writes stays usable by the kiosk\n";
        return RunAs::data_dir_owner;
    }
    const bool installed = ::getpwnam(service_user.c_str()) != nullptr;
    if (existing != dir) {
        // The package's own directory missing on an installed kiosk: made by root, the services
        // could not use it. Anywhere else (a test, a copy) root may make it for itself.
        if (installed && dir == StorageSettings{}.dir) {
            const std::string label = config.source_file.empty() ? "the demo defaults" : config.source_file.string();
            throw ConfigError(
                label + ": [storage] dir: " + dir.string() + " does not exist, and creating it as root " +
                "would lock the kiosk user out of it; create it for that user first: install -d -m 0700 " + "-o " +
                service_user + " -g " + service_user + " " + dir.string());
        }
        log << prefix << "working as root, because " << dir.string() << " does not exist yet and " << existing.string()
            << " belongs to root: root creates it, and the files it writes there belong to root";
    } else {
        log << prefix << "working as root, because " << dir.string()
            << " belongs to root: the files it writes there belong to root too";
        if (installed)
            log << "; the services run as " << service_user << ", so hand it back with: chown -R " << service_user
                << ": " << dir.string();
    }
    log << "\n";
    return RunAs::root;
}

}  // namespace alliance
