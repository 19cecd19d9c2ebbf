#pragma once
// Text from outside (a server's error message) made safe to show: in `alliance-sync status`, the
// journal and the staff status screen.
#include <string>
#include <string_view>

namespace alliance {

// `text` with every control character (C0, DEL, and the C1 range in UTF-8) replaced by a space:
// a server's words cannot move the cursor, clear a terminal or forge a log line.
std::string printable(std::string_view text);

}  // namespace alliance
