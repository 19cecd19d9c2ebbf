#include "core/base/file_owner.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace alliance {
namespace fs = std::filesystem;
namespace {

std::string mode_text(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "0%03o", static_cast<unsigned>(mode & 07777));
    return text;
}

}  // namespace

std::string user_name(uid_t uid) {
    const passwd* pw = ::getpwuid(uid);
    return pw != nullptr ? std::string(pw->pw_name) : "uid " + std::to_string(uid);
}

std::string hand_back_advice(const fs::path& path, const fs::path& chown_target) {
    struct stat st {};
    const bool known = ::stat(path.c_str(), &st) == 0;
    const std::string owner = known ? user_name(st.st_uid) : std::string("another user");
    const std::string me = user_name(::geteuid());
    std::string text = "it belongs to " + owner;
    if (known) text += " (mode " + mode_text(st.st_mode) + ")";
    text += " and this program runs as " + me;
    if (known && st.st_uid == 0)  // left by a command run as root: give it back to the data's user
        return text + "; hand it back with: chown -R " + me + ": " + chown_target.string();
    // Someone else's file: the command is run as the wrong user, nothing needs to change hands.
    return text + "; run the command as root (it then works as the data directory's owner) or as " + owner;
}

}  // namespace alliance
