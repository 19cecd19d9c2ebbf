// Clinic IT's root shell: started as root, the programs work as the data directory's owner, so
// that the kiosk user can still use everything afterwards; a sync request or a store file root
// left behind is handled or explained. These tests need root (CI runs as root) and create a
// throwaway system user; each privilege switch happens in a forked child, as it is for good.
#include <doctest/doctest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "../store/store_fixture.h"
#include "core/base/clock.h"
#include "core/config/data_dir_owner.h"
#include "core/staff/pin.h"
#include "core/staff/staff_mode.h"
#include "core/store/store.h"
#include "staff_tap.h"

using namespace alliance;
using namespace alliance::test;
namespace fs = std::filesystem;

namespace {

// A system user that exists for one test: what the package's alliance-kiosk is on a kiosk.
class ThrowawayUser {
public:
    ThrowawayUser() : name_("alliance-test-" + std::to_string(::getpid())) {
        const std::string add = "useradd --system --no-create-home --shell /usr/sbin/nologin " + name_;
        if (!retried(add)) throw std::runtime_error("cannot create the user " + name_);
        const passwd* pw = ::getpwnam(name_.c_str());
        if (pw == nullptr) throw std::runtime_error("no passwd entry for " + name_);
        uid_ = pw->pw_uid;
        gid_ = pw->pw_gid;
    }
    ~ThrowawayUser() { retried("userdel " + name_ + " 2>/dev/null"); }
    ThrowawayUser(const ThrowawayUser&) = delete;
    ThrowawayUser& operator=(const ThrowawayUser&) = delete;
    const std::string& name() const { return name_; }
    uid_t uid() const { return uid_; }
    gid_t gid() const { return gid_; }

private:
    // useradd and userdel give up when another process holds /etc/passwd's lock (another test
    // making its user at the same moment): try again for a while.
    static bool retried(const std::string& command) {
        for (int attempt = 0; attempt < 40; ++attempt) {
            if (std::system(command.c_str()) == 0) return true;
            ::usleep(250000);
        }
        return false;
    }

    std::string name_;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
};

// A fresh install's layout under a temporary directory: the data directory (0700) and the config
// directory, both the kiosk user's, as tmpfiles.d and postinst make them.
struct Installed {
    TempDir tmp;
    ThrowawayUser user;
    Config config;

    Installed() {
        ::chmod(tmp.path().c_str(), 0755);  // let the user reach its directories
        config.storage.dir = tmp.path() / "data";
        config.staff.pin_hash_file = tmp.path() / "etc" / "staff.pin";
        for (const fs::path& dir : {config.storage.dir, config.staff.pin_hash_file.parent_path()}) {
            fs::create_directory(dir);
            ::chmod(dir.c_str(), 0700);
            REQUIRE(::chown(dir.c_str(), user.uid(), user.gid()) == 0);
        }
    }
};

// Runs `work` in a forked child and returns what it returns ("" = all went as expected).
std::string in_child(const std::function<std::string()>& work) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        try {
            result = work();
        } catch (const std::exception& e) {
            result = std::string("threw: ") + e.what();
        }
        (void)!::write(fds[1], result.data(), result.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string result;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        result.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    return result;
}

bool running_as_root() {
    if (::geteuid() == 0) return true;
    MESSAGE("skipped: needs root (CI runs as root)");
    return false;
}

uid_t owner_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_uid;
}

// Every file under `dir` whose owner is not `uid`, one a line.
std::string not_owned_by(const fs::path& dir, uid_t uid) {
    std::string out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (owner_of(entry.path()) != uid) out += entry.path().string() + "\n";
    return out;
}

}  // namespace

TEST_CASE("started as root on a data directory of the kiosk user, every file the program creates is that user's") {
    if (!running_as_root()) return;
    Installed k;
    const std::string problems = in_child([&k] {
        std::ostringstream log;
        if (work_as_data_dir_owner(k.config, "alliance-sync", log) != RunAs::data_dir_owner)
            return std::string("no switch");
        if (::getuid() != k.user.uid() || ::geteuid() != k.user.uid() || ::getgid() != k.user.gid())
            return std::string("still root");
        if (log.str().find("working as " + k.user.name() + ", the owner of " + k.config.storage.dir.string()) ==
            std::string::npos)
            return "log: " + log.str();
        // What status/push/export and --set-pin do: open (create) the store, write to it, set a PIN.
        auto store = Store::open(k.config.storage.dir);
        store->start_session({"https://q.example/q", "1", "en", "front-desk-1"}, at(0));
        write_pin_hash_file(k.config.staff.pin_hash_file, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA");
        return std::string();
    });
    CHECK(problems == "");
    CHECK(fs::exists(k.config.storage.dir / "alliance.db"));
    CHECK(not_owned_by(k.config.storage.dir, k.user.uid()) == "");
    CHECK(not_owned_by(k.config.staff.pin_hash_file.parent_path(), k.user.uid()) == "");
    // And the kiosk user, as the services run, can use the store afterwards.
    CHECK(in_child([&k] {
              if (::setgid(k.user.gid()) != 0 || ::setuid(k.user.uid()) != 0) return std::string("setuid");
              return Store::open(k.config.storage.dir)->counts().pending == 0 ? std::string() : std::string("counts");
          }) == "");
}

TEST_CASE("a sync request file root left behind is replaced when staff tap Sync now as the kiosk user") {
    if (!running_as_root()) return;
    Installed k;
    k.config.sync.kind = "fhir";  // with sync off, Sync now writes no request
    const fs::path request = k.config.storage.dir / "sync.request";
    std::ofstream(request) << "";  // `touch` in a root shell: root's, 0644
    REQUIRE(owner_of(request) == 0);
    use_fast_pin_hashing_for_tests(true);
    write_pin_hash_file(k.config.staff.pin_hash_file, hash_pin("2468"));
    REQUIRE(::chown(k.config.staff.pin_hash_file.c_str(), k.user.uid(), k.user.gid()) == 0);
    // Read as root: the source tree need not be readable by the kiosk user (a checkout in /root).
    const Strings strings = Strings::load(fs::path(ALLIANCE_SOURCE_DIR) / "content" / "strings");
    const std::string problems = in_child([&k, &strings] {
        if (::setgid(k.user.gid()) != 0 || ::setuid(k.user.uid()) != 0) return std::string("setuid");
        ManualClock clock{at(0)};
        StaffMode staff(k.config, nullptr, strings);  // the store is not needed for this
        staff.open(clock.steady_now(), clock.wall_now());
        for (const char* id : {"key:2", "key:4", "key:6", "key:8", "key:ok", "staff:sync-now"})
            tap_staff_widget(staff, id, clock.steady_now(), clock.wall_now());
        const std::string body = staff.view("en").body;
        return body == "Sync started" ? std::string() : "staff menu says: " + body;
    });
    use_fast_pin_hashing_for_tests(false);
    CHECK(problems == "");
    CHECK(owner_of(request) == k.user.uid());
    std::ifstream in(request);
    std::string text;
    std::getline(in, text);
    CHECK(text.rfind("requested by staff at ", 0) == 0);
}

TEST_CASE("a store file root left behind gives E-STORE-READONLY, logging the file, its owner and the chown") {
    if (!running_as_root()) return;
    Installed k;
    Store::open(k.config.storage.dir);  // as root, not switching: what the first release did
    const fs::path db = k.config.storage.dir / "alliance.db";
    REQUIRE(owner_of(db) == 0);
    const std::string problems = in_child([&k, &db] {
        if (::setgid(k.user.gid()) != 0 || ::setuid(k.user.uid()) != 0) return std::string("setuid");
        std::ostringstream log;
        std::streambuf* saved = std::cerr.rdbuf(log.rdbuf());
        std::string code;
        try {
            Store::open(k.config.storage.dir);
        } catch (const StoreError& e) {
            code = e.code();
        }
        std::cerr.rdbuf(saved);
        const std::string expected = "alliance-store: E-STORE-READONLY: store: open: cannot write " + db.string() +
                                     ": it belongs to root (mode 0600) and this program runs as " + k.user.name() +
                                     "; hand it back with: chown -R " + k.user.name() + ": " +
                                     k.config.storage.dir.string() + "; what to do: ";
        if (code != "E-STORE-READONLY") return "code: " + code;
        if (log.str().rfind(expected, 0) != 0) return "log: " + log.str();
        return std::string();
    });
    CHECK(problems == "");
}

TEST_CASE("started as root on a data directory of root's, the program stays root and says so") {
    if (!running_as_root()) return;
    TempDir tmp;
    Config config;
    config.storage.dir = tmp.path();
    std::ostringstream log;
    CHECK(work_as_data_dir_owner(config, "alliance-sync", log) == RunAs::root);
    CHECK(::geteuid() == 0);
    CHECK(log.str().find("alliance-sync: started as root: working as root, because " + tmp.path().string() +
                         " belongs to root: the files it writes there belong to root too") == 0);
}

TEST_CASE("as root on an installed kiosk, a root-owned data directory is named with the chown that hands it back") {
    if (!running_as_root()) return;
    Installed k;
    REQUIRE(::chown(k.config.storage.dir.c_str(), 0, 0) == 0);
    std::ostringstream log;
    CHECK(work_as_data_dir_owner(k.config, "alliance-sync", log, k.user.name()) == RunAs::root);
    CHECK(log.str() == "alliance-sync: started as root: working as root, because " + k.config.storage.dir.string() +
                           " belongs to root: the files it writes there belong to root too; the services run as " +
                           k.user.name() + ", so hand it back with: chown -R " + k.user.name() + ": " +
                           k.config.storage.dir.string() + "\n");
}

TEST_CASE("as root on an installed kiosk, a missing package data directory is refused with the command that makes it") {
    if (!running_as_root()) return;
    Config config;  // [storage] dir = /var/lib/alliance-kiosk, the package's
    if (fs::exists(config.storage.dir)) {
        MESSAGE("skipped: " << config.storage.dir << " exists on this machine");
        return;
    }
    ThrowawayUser user;  // stands in for the package's user
    config.source_file = "/etc/alliance-kiosk/kiosk.toml";
    std::ostringstream log;
    CHECK_THROWS_WITH_AS(work_as_data_dir_owner(config, "alliance-sync", log, user.name()),
                         ("/etc/alliance-kiosk/kiosk.toml: [storage] dir: /var/lib/alliance-kiosk does not exist, and "
                          "creating it as root would lock the kiosk user out of it; create it for that user first: "
                          "install -d -m 0700 -o " +
                          user.name() + " -g " + user.name() + " /var/lib/alliance-kiosk")
                             .c_str(),
                         ConfigError);
    CHECK_FALSE(fs::exists(config.storage.dir));
}

TEST_CASE("as root, any other missing data directory below root's is made by root, which it says") {
    if (!running_as_root()) return;
    Installed k;  // the service user exists: a test run on a machine with the package installed
    Config config = k.config;
    config.storage.dir = k.tmp.path() / "missing" / "data";
    std::ostringstream log;
    CHECK(work_as_data_dir_owner(config, "alliance-sync", log, k.user.name()) == RunAs::root);
    CHECK(log.str() == "alliance-sync: started as root: working as root, because " + config.storage.dir.string() +
                           " does not exist yet and " + k.tmp.path().string() +
                           " belongs to root: root creates it, and the files it writes there belong to root\n");
}

TEST_CASE("started as any other user, the program runs as it was started") {
    if (!running_as_root()) return;
    Installed k;
    CHECK(in_child([&k] {
              if (::setgid(k.user.gid()) != 0 || ::setuid(k.user.uid()) != 0) return std::string("setuid");
              std::ostringstream log;
              if (work_as_data_dir_owner(k.config, "alliance-sync", log) != RunAs::as_started)
                  return std::string("switched");
              return log.str();
          }) == "");
}
