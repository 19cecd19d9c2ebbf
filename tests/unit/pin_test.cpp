// Staff PINs: Argon2id hashing and checking, the hash file (owner-only, atomic), the lockout
// schedule with an injected clock, and `--set-pin` reading the PIN twice.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "../store/store_fixture.h"
#include "core/staff/pin.h"
#include "core/staff/set_pin.h"

using namespace alliance;
using namespace alliance::test;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {

struct FastHashing {
    FastHashing() { use_fast_pin_hashing_for_tests(true); }
    ~FastHashing() { use_fast_pin_hashing_for_tests(false); }
};

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string first_line(const fs::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    return line;
}

int set_pin(const fs::path& file, const std::string& typed, std::string* said = nullptr) {
    Config config;
    config.staff.pin_hash_file = file;
    std::istringstream in(typed);
    std::ostringstream out;
    int code = run_set_pin(config, in, out);
    if (said) *said = out.str();
    return code;
}

}  // namespace

TEST_CASE("a PIN is 4 to 8 digits and nothing else") {
    CHECK(is_valid_pin("0000"));
    CHECK(is_valid_pin("12345678"));
    CHECK_FALSE(is_valid_pin("123"));
    CHECK_FALSE(is_valid_pin("123456789"));
    CHECK_FALSE(is_valid_pin("12a4"));
    CHECK_FALSE(is_valid_pin("12 34"));
    CHECK_FALSE(is_valid_pin(""));
}

TEST_CASE("a hashed PIN verifies and any other PIN does not") {
    FastHashing fast;
    const std::string hash = hash_pin("2468");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("2468") == std::string::npos);
    CHECK(verify_pin(hash, "2468"));
    CHECK_FALSE(verify_pin(hash, "2469"));
    CHECK_FALSE(verify_pin(hash, "24680"));
    CHECK_FALSE(verify_pin(hash, ""));
    CHECK(hash_pin("2468") != hash);  // a fresh salt each time
}

TEST_CASE("production hashing uses libsodium's interactive Argon2id limits") {
    const std::string hash = hash_pin("2468");
    CHECK(hash.find("$argon2id$v=19$m=65536,t=2,") == 0);
    CHECK(verify_pin(hash, "2468"));
}

TEST_CASE("a malformed or non-Argon2id hash never verifies") {
    CHECK_FALSE(verify_pin("", "2468"));
    CHECK_FALSE(verify_pin("2468", "2468"));
    CHECK_FALSE(verify_pin("$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA", "2468"));
    CHECK_FALSE(verify_pin("$argon2id$garbage", "2468"));
    CHECK_FALSE(verify_pin("$argon2id$" + std::string(500, 'a'), "2468"));
}

TEST_CASE("the hash file is written 0600 atomically and read back") {
    FastHashing fast;
    TempDir tmp;
    const fs::path file = tmp.path() / "staff.pin";
    write_pin_hash_file(file, hash_pin("1357"));
    CHECK(mode_of(file) == 0600);
    write_pin_hash_file(file, hash_pin("8642"));  // replaces it
    auto read = read_pin_hash_file(file);
    REQUIRE(read.hash);
    CHECK(verify_pin(*read.hash, "8642"));
    CHECK_FALSE(verify_pin(*read.hash, "1357"));
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++entries;
    CHECK(entries == 1);  // no temporary file left behind
}

TEST_CASE("a hash file in a missing directory is an error naming the file") {
    TempDir tmp;
    const fs::path file = tmp.path() / "nowhere" / "staff.pin";
    std::string error;
    try {
        write_pin_hash_file(file, "$argon2id$x");
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    CHECK(error.rfind(file.string() + ": cannot create a file in " + (tmp.path() / "nowhere").string(), 0) == 0);
}

TEST_CASE("a PIN hash file that group or others can write is refused") {
    FastHashing fast;
    TempDir tmp;
    const fs::path file = tmp.path() / "staff.pin";
    write_pin_hash_file(file, hash_pin("1357"));
    ::chmod(file.c_str(), 0644);
    CHECK(read_pin_hash_file(file).hash);  // readable by others is fine: it is only a hash
    for (unsigned mode : {0620u, 0602u, 0666u}) {
        ::chmod(file.c_str(), mode);
        auto read = read_pin_hash_file(file);
        CHECK_FALSE(read.hash);
        CHECK(read.problem == file.string() + ": refused because it is writable by group or others (chmod 600 it)");
    }
}

TEST_CASE("a missing, empty or foreign PIN hash file is refused with the reason") {
    TempDir tmp;
    const fs::path file = tmp.path() / "staff.pin";
    CHECK(read_pin_hash_file(file).problem == file.string() + ": No such file or directory");
    CHECK(read_pin_hash_file("").problem == "no PIN hash file is configured");
    std::ofstream(file) << "2468\n";
    ::chmod(file.c_str(), 0600);
    CHECK(read_pin_hash_file(file).problem ==
          file.string() + ": expected an Argon2id hash (\"$argon2id$...\") on the first line");
}

TEST_CASE("the lock starts at the 5th wrong PIN with 60 s and doubles up to 15 minutes") {
    for (int failures = 0; failures < 5; ++failures) CHECK(lock_duration_after(failures) == seconds(0));
    CHECK(lock_duration_after(5) == seconds(60));
    CHECK(lock_duration_after(6) == seconds(120));
    CHECK(lock_duration_after(7) == seconds(240));
    CHECK(lock_duration_after(8) == seconds(480));
    CHECK(lock_duration_after(9) == seconds(900));
    CHECK(lock_duration_after(40) == seconds(900));
}

TEST_CASE("a lock runs on the injected clock and a right PIN resets the count") {
    PinLockState s;
    for (int i = 0; i < 4; ++i) s.record_failure(at(i));
    CHECK_FALSE(s.locked(at(4)));
    s.record_failure(at(10));
    CHECK(s.remaining(at(10)) == seconds(60));
    CHECK(s.remaining(at(69)) == seconds(1));
    CHECK_FALSE(s.locked(at(70)));
    s.record_failure(at(100));
    CHECK(s.remaining(at(100)) == seconds(120));
    s.record_success();
    CHECK(s.failures == 0);
    CHECK_FALSE(s.locked(at(101)));
}

TEST_CASE("the lock survives as stored text; damaged text reads as locked, not open") {
    PinLockState s;
    for (int i = 0; i < 6; ++i) s.record_failure(at(0));
    auto back = PinLockState::parse(s.serialize(), at(30));
    CHECK(back.failures == 6);
    CHECK(back.remaining(at(30)) == seconds(90));
    CHECK(PinLockState::parse("0;0", at(0)).failures == 0);
    for (const char* damaged : {"", "x", "3", "3;", "-1;0", "3;5;7"}) {
        auto d = PinLockState::parse(damaged, at(0));
        CHECK(d.remaining(at(0)) == seconds(60));
    }
}

TEST_CASE("a clock set backwards cannot stretch a lock beyond its length") {
    PinLockState s;
    for (int i = 0; i < 5; ++i) s.record_failure(at(1000));
    CHECK(s.remaining(at(0)) == seconds(60));  // 1000 s "earlier"
}

TEST_CASE("set-pin writes an owner-only hash file that verifies the typed PIN") {
    FastHashing fast;
    TempDir tmp;
    const fs::path file = tmp.path() / "staff.pin";
    std::string said;
    CHECK(set_pin(file, "4826\n4826\n", &said) == 0);
    CHECK(said.find("written to " + file.string()) != std::string::npos);
    CHECK(said.find("4826") == std::string::npos);
    CHECK(mode_of(file) == 0600);
    CHECK(verify_pin(first_line(file), "4826"));
    CHECK(set_pin(file, "13572468\r\n13572468\r\n") == 0);  // Windows line ends from a pasted file
    CHECK(verify_pin(first_line(file), "13572468"));
}

TEST_CASE("set-pin refuses mismatched, short, long, non-digit or missing PINs and changes nothing") {
    FastHashing fast;
    TempDir tmp;
    const fs::path file = tmp.path() / "staff.pin";
    REQUIRE(set_pin(file, "4826\n4826\n") == 0);
    const std::string before = first_line(file);
    std::string said;
    CHECK(set_pin(file, "4826\n4827\n", &said) == 1);
    CHECK(said.find("the two PINs differ; nothing was changed") != std::string::npos);
    CHECK(set_pin(file, "482\n482\n", &said) == 1);
    CHECK(said.find("a PIN is 4 to 8 digits (0-9) and nothing else") != std::string::npos);
    CHECK(set_pin(file, "123456789\n123456789\n") == 1);
    CHECK(set_pin(file, "12a4\n12a4\n") == 1);
    CHECK(set_pin(file, "4826\n", &said) == 1);
    CHECK(said.find("the PIN must be typed twice") != std::string::npos);
    CHECK(set_pin(file, "") == 1);
    CHECK(first_line(file) == before);
}

TEST_CASE("set-pin names the config key when no hash file is configured, and the file when it can't write") {
    FastHashing fast;
    Config config;
    config.source_file = "/etc/alliance-kiosk/kiosk.toml";
    config.staff.it_pin_hash_file.clear();
    std::istringstream in("4826\n4826\n");
    std::ostringstream out;
    CHECK(run_set_pin(config, in, out, /*it=*/true) == 1);
    CHECK(out.str().find("/etc/alliance-kiosk/kiosk.toml: [staff] it_pin_hash_file is empty") != std::string::npos);
    TempDir tmp;
    std::string said;
    CHECK(set_pin(tmp.path() / "missing" / "staff.pin", "4826\n4826\n", &said) == 2);
    CHECK(said.find((tmp.path() / "missing" / "staff.pin").string()) != std::string::npos);
}

TEST_CASE("echo is turned off on a terminal while the PIN is typed, and restored after") {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    int tty = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    REQUIRE(tty >= 0);
    termios t{};
    ::tcgetattr(tty, &t);
    REQUIRE((t.c_lflag & ECHO) != 0);
    {
        TerminalEchoOff off(tty);
        CHECK(off.active());
        ::tcgetattr(tty, &t);
        CHECK((t.c_lflag & ECHO) == 0);
    }
    ::tcgetattr(tty, &t);
    CHECK((t.c_lflag & ECHO) != 0);
    ::close(tty);
    ::close(master);

    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    CHECK_FALSE(TerminalEchoOff(pipe_fds[0]).active());  // tests feed plain lines through a pipe
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
}
