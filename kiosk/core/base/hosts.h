#pragma once
// Which hosts are this machine: the one rule both the config check ([sync] url may be plain http
// only to this machine) and the HTTP client (which then allows http and no proxy) apply.
#include <string_view>

namespace alliance {

// localhost, ::1 (with or without URL brackets) and 127.0.0.0/8 in dotted quads, any case.
bool is_loopback_host(std::string_view host);

}  // namespace alliance
