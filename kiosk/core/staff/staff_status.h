#pragma once
// The figures on the staff menu's status screen (issue 5): is the kiosk working and syncing?
// Collected from the store and the machine; formatted with the UI strings. No SFML here.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/strings.h"
#include "core/config/config.h"
#include "core/store/store.h"

namespace alliance {

struct StaffStatus {
    std::optional<QueueCounts> queue;               // nullopt: the store can't be read
    std::string store_problem;                      // why, when queue is nullopt
    std::optional<std::uintmax_t> free_disk_bytes;  // of [storage] dir; nullopt if unknown
    std::string app_version;                        // core/base/build_info.h
    std::string content_version;                    // questionnaire id and version
    std::string kiosk_id;
    bool sync_off = false;            // [sync] kind = "off"
    std::string server_content;       // [fleet]: the last pull in one line; "" when off
    std::string out_of_service_code;  // the kiosk's error code; "" when in service
};

// Below this much free space on the data directory's disk the status asks for IT.
constexpr std::uintmax_t low_disk_bytes = 200'000'000;
// Failed uploads with no success for this long (or never) ask for IT.
constexpr std::chrono::hours not_uploading_after{1};

// The status screen's first line: "All good", or "Tell IT: <reason>" with the one reason that
// matters most (out of service, store unreadable, refused, held, disk almost full, not uploading).
std::string status_headline(const StaffStatus& status, const Strings& strings, const std::string& language,
                            WallTime now);

// `content_version` is what StaffMode was told (KioskApp knows the loaded questionnaire).
StaffStatus collect_staff_status(const Config& config, Store* store, const std::string& content_version);

// The headline, then one line a figure, in `language`, e.g. "Waiting to upload: 3".
std::string format_staff_status(const StaffStatus& status, const Strings& strings, const std::string& language,
                                WallTime now);

// `t` in the clinic's local time with a strftime format, e.g. "%Y-%m-%d %H:%M".
std::string local_time_text(WallTime t, const char* strftime_format);

// "2.4 GB", "512 MB" — for the free-disk line.
std::string format_bytes(std::uintmax_t bytes);

}  // namespace alliance
