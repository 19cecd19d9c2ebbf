#pragma once
// Who owns a file, said in words: the advice both programs give when they cannot use a file of
// the data directory or a secret (a file left by root, or by another user).
#include <sys/types.h>

#include <filesystem>
#include <string>

namespace alliance {

// The user's name, or "uid N" if it has none.
std::string user_name(uid_t uid);

// Why this process cannot use `path` (a file of the data directory, a secret): "it belongs to
// <owner> (mode 0NNN) and this program runs as <user>; " and then, for a file of root's, "hand it
// back with: chown -R <user>: <chown_target>" (the data directory, or the file itself), for
// another user's, to run the command as root or as that user.
std::string hand_back_advice(const std::filesystem::path& path, const std::filesystem::path& chown_target);

}  // namespace alliance
