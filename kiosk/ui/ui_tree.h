#pragma once
// The UI tree (kiosk/README.md, "The UI tree"): what is on screen, as JSON, for accessibility tools, support and
// the end-to-end tests. Rewritten whole (write_owner_only_file, without fsync) whenever the screen changes.
#include <filesystem>
#include <string>

#include "core/api/view.h"
#include "ui/layout.h"

namespace alliance::ui {

std::string ui_tree_json(const View& view, const ScreenLayout& layout);

}  // namespace alliance::ui
