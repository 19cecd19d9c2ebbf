#pragma once
// Clinic IT works in a root shell. Started as root, both programs do their work as the owner of
// the data directory (`alliance-kiosk` on an installed kiosk), as `runuser -u alliance-kiosk --`
// would, so that no file they create in the data directory or /etc/alliance-kiosk belongs to root
// where the services (which run as that user) cannot read or write it.
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "core/base/file_owner.h"
#include "core/config/config.h"

namespace alliance {

// The system user the package creates and both services run as.
inline constexpr const char* kiosk_user = "alliance-kiosk";

enum class RunAs {
    as_started,      // not root: nothing changes
    data_dir_owner,  // root, switched to the owner of the data directory
    root,            // root, and the data directory belongs to root: stays root, says so
};

// Not root: does nothing. Root: looks at [storage] dir (or, if it does not exist yet, the nearest
// directory above it that does):
//  - owned by another user: switches to that user for good (supplementary groups, group, user,
//    and HOME, USER, LOGNAME), and says so on `log`;
//  - owned by root: stays root and says so on `log`, with the command that hands the directory to
//    the kiosk user when that user exists;
//  - the package's data directory (/var/lib/alliance-kiosk) missing on an installed kiosk (the
//    kiosk user exists, the directory above belongs to root): refuses with a ConfigError giving
//    the command that creates it for the kiosk user, since creating it as root would lock the
//    kiosk out. Any other missing directory under root's is created as root, and it says so.
// Call it after reading the config and before opening the store or writing any file.
// `service_user` is the package's user; tests name a throwaway one.
RunAs work_as_data_dir_owner(const Config& config, std::string_view program, std::ostream& log,
                             const std::string& service_user = kiosk_user);

}  // namespace alliance
