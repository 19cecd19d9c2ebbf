#pragma once
// The UI tree (kiosk/README.md, "The UI tree"): what is on screen, as JSON, for accessibility tools, support and
// the end-to-end tests. Rewritten atomically (temp file + rename) whenever the screen changes.
#include <filesystem>
#include <string>

#include "core/api/view.h"
#include "ui/layout.h"

namespace alliance::ui {

std::string ui_tree_json(const View& view, const ScreenLayout& layout);

// Writes `text` to `file` through `<file>.tmp` and rename(2), so a reader never sees half a
// file. Throws std::runtime_error naming the file on failure.
void write_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace alliance::ui
