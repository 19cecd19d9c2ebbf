#include "core/staff/staff_status.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "core/base/build_info.h"
#include "core/base/plain_text.h"
#include "core/content/fleet_content.h"

namespace alliance {

// Staff read the clinic's local time.
std::string local_time_text(WallTime t, const char* strftime_format) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, strftime_format, &tm);
    return buf;
}

std::string format_bytes(std::uintmax_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 || v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

StaffStatus collect_staff_status(const Config& config, Store* store, const std::string& content_version) {
    StaffStatus s;
    s.app_version = build::version;
    s.kiosk_id = config.kiosk.id;
    s.sync_off = config.sync.kind == "off";
    s.content_version = content_version.empty() ? config.kiosk.questionnaire : content_version;
    if (!store) {
        s.store_problem = "not available";
    } else {
        try {
            s.queue = store->counts();
        } catch (const std::exception& e) {
            s.store_problem = e.what();
        }
    }
    std::error_code ec;
    auto space = std::filesystem::space(config.storage.dir, ec);
    if (!ec) s.free_disk_bytes = space.available;
    if (config.fleet.enabled) s.server_content = fleet::describe(fleet::read_status(config));
    return s;
}

std::string status_headline(const StaffStatus& status, const Strings& strings, const std::string& language,
                            WallTime now) {
    const auto tell_it = [&](std::string_view reason_key, const std::string& n = "") {
        const std::string reason =
            strings.format(language, reason_key, {{"n", n}, {"code", status.out_of_service_code}});
        return strings.format(language, "staff.status.tell_it", {{"reason", reason}});
    };
    if (!status.out_of_service_code.empty()) return tell_it("staff.status.problem.out_of_service");
    if (!status.queue) return tell_it("staff.status.problem.store");
    const QueueCounts& q = *status.queue;
    if (!status.sync_off && q.rejected > 0) return tell_it("staff.status.problem.refused", std::to_string(q.rejected));
    if (!status.sync_off && q.held > 0) return tell_it("staff.status.problem.held", std::to_string(q.held));
    if (status.free_disk_bytes && *status.free_disk_bytes < low_disk_bytes) return tell_it("staff.status.problem.disk");
    if (!status.sync_off && q.failed > 0 && (!q.last_sent_at || now - *q.last_sent_at > not_uploading_after))
        return tell_it("staff.status.problem.not_uploading");
    return strings.get(language, "staff.status.all_good");
}

std::string format_staff_status(const StaffStatus& status, const Strings& strings, const std::string& language,
                                WallTime now) {
    std::string out = status_headline(status, strings, language, now) + "\n";
    auto line = [&](std::string_view label_key, const std::string& value) {
        out += strings.get(language, label_key) + ": " + value + "\n";
    };
    auto text = [&](std::string_view key) { return strings.get(language, key); };
    if (status.queue) {
        const QueueCounts& q = *status.queue;
        line("staff.status.waiting", std::to_string(q.pending));
        line("staff.status.retrying", std::to_string(q.failed));
        line("staff.status.refused", std::to_string(q.rejected));
        line("staff.status.held", std::to_string(q.held));
        std::string when = text("staff.status.never");
        if (q.last_sent_at) {
            auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - *q.last_sent_at).count();
            when = local_time_text(*q.last_sent_at, "%Y-%m-%d %H:%M") + " " +
                   strings.format(language, "staff.status.minutes_ago", {{"n", std::to_string(minutes)}});
        }
        line("staff.status.last_sync", status.sync_off ? text("staff.status.sync_off") : when);
        line("staff.status.last_error", q.last_error.empty() ? text("staff.status.none") : printable(q.last_error));
    } else {
        line("staff.status.store", status.store_problem);
    }
    line("staff.status.free_disk",
         status.free_disk_bytes ? format_bytes(*status.free_disk_bytes) : text("staff.status.unknown"));
    line("staff.status.app_version", status.app_version);
    line("staff.status.content_version", status.content_version);
    if (!status.server_content.empty()) line("staff.status.server_content", status.server_content);
    line("staff.status.kiosk_id", status.kiosk_id);
    out.pop_back();  // no trailing newline
    return out;
}

}  // namespace alliance
