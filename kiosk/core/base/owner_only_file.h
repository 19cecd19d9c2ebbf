#pragma once
// The one way the programs write a small file that others read whole: a temp file 0600 in the same
// directory, fsync (unless Durability::replaced_only), rename over the old one, fsync the
// directory. A reader sees the old or the new text, never half; and the file is replaced, not rewritten, so an old one
// that belongs to someone else (root) is no obstacle as long as the directory is ours.
#include <filesystem>
#include <string>

namespace alliance {

// Whether the new text must be on disk before the call returns (a PIN hash, a mark that a
// finished session awaits storing), or only replace the old one whole (the UI tree, rewritten every
// frame, where a power cut may leave the previous frame's).
enum class Durability { on_disk, replaced_only };

// Throws std::runtime_error naming the file and the system error.
void write_owner_only_file(const std::filesystem::path& file, const std::string& text,
                           Durability durability = Durability::on_disk);

}  // namespace alliance
