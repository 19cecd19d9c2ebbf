#include "core/base/error_codes.h"

#include <array>

namespace alliance {
namespace {

// Commands are written for an installed kiosk (data in /var/lib/alliance-kiosk, run from a root
// shell); the log line before the advice names the actual file.
constexpr std::array<ErrorCodeHelp, 11> codes{{
    {"E-CONTENT",
     "the questionnaire, the UI strings or the content directory could not be loaded (the log names the file and the "
     "field)",
     "correct that file, or [kiosk] content_dir, questionnaire or languages in kiosk.toml, then: systemctl restart "
     "alliance-kiosk"},
    {"E-STORE-FULL", "the disk that holds the data directory is full",
     "free space on it (df -h /var/lib/alliance-kiosk shows how much is left), then: systemctl restart alliance-kiosk; "
     "nothing stored is lost"},
    {"E-STORE-IO", "the disk reported a read or write error",
     "look for disk errors with journalctl -k; back up /var/lib/alliance-kiosk and replace the disk if they repeat, "
     "then: systemctl restart alliance-kiosk"},
    {"E-STORE-BUSY", "the store stayed locked by another program for longer than the kiosk waits",
     "close any other program that has alliance.db open (such as sqlite3 in a terminal), then: systemctl restart "
     "alliance-kiosk"},
    {"E-STORE-READONLY",
     "a file of the data directory cannot be written by the kiosk user (usually a command run as root created it), or "
     "the disk is mounted read-only",
     "hand the files back with chown -R alliance-kiosk: /var/lib/alliance-kiosk (the log names the file and its "
     "owner), then: systemctl restart alliance-kiosk alliance-sync"},
    {"E-STORE-CORRUPT", "the answer store alliance.db is damaged (SQLite's quick_check failed)",
     "systemctl stop alliance-kiosk alliance-sync; copy /var/lib/alliance-kiosk away for the vendor, delete "
     "alliance.db* there, then start both; a new store is created"},
    {"E-STORE-NEWER", "alliance.db was written by a newer version of Alliance Kiosk (the package was downgraded)",
     "install that newer version again; the store is left untouched until then"},
    {"E-STORE-OPEN",
     "the data directory or alliance.db could not be created or opened ([storage] dir is wrong or missing)",
     "check [storage] dir in kiosk.toml; recreate the default directory with: systemd-tmpfiles --create "
     "alliance-kiosk.conf"},
    {"E-STORE-MISUSE", "the program used the store in a way it should not (a bug)",
     "systemctl restart alliance-kiosk; send the journal lines (journalctl -u alliance-kiosk) to the vendor"},
    {"E-STORE", "an unexpected problem while opening the store",
     "read the log line before it, then: systemctl restart alliance-kiosk; if it repeats, send the journal lines to "
     "the vendor"},
    {"E-INTERNAL", "an unexpected error in the kiosk program (a bug, or memory ran out)",
     "systemctl restart alliance-kiosk; if it repeats, send the journal lines (journalctl -u alliance-kiosk) to the "
     "vendor"},
}};

}  // namespace

std::span<const ErrorCodeHelp> error_codes() { return codes; }

std::string what_to_do(std::string_view code) {
    for (const auto& c : codes)
        if (c.code == code) return "what to do: " + std::string(c.fix);
    return "";
}

}  // namespace alliance
