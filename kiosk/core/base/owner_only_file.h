#pragma once
// The one way the programs write a small file that others read whole: a temp file 0600 in the same
// directory, fsync, rename over the old one, fsync the directory. A reader sees the old or the new
// text, never half; and the file is replaced, not rewritten, so an old one that belongs to someone
// else (root) is no obstacle as long as the directory is ours.
#include <filesystem>
#include <string>

namespace alliance {

// Throws std::runtime_error naming the file and the system error.
void write_owner_only_file(const std::filesystem::path& file, const std::string& text);

}  // namespace alliance
