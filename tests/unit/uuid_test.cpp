#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "core/base/uuid.h"

using namespace alliance;

TEST_CASE("a new UUID is a canonical lower-case version 4 UUID") {
    const auto id = new_uuid_v4();
    CHECK(id.size() == 36);
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    CHECK(is_uuid_v4(id));
}

TEST_CASE("ten thousand new UUIDs are all different") {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) seen.insert(new_uuid_v4());
    CHECK(seen.size() == 10000);
}

TEST_CASE("is_uuid_v4 refuses other versions, upper case, urn prefixes and wrong lengths") {
    CHECK(is_uuid_v4("0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f"));
    CHECK_FALSE(is_uuid_v4("0b0e1f5e-3c2a-1d8e-9f10-2a3b4c5d6e7f"));  // version 1
    CHECK_FALSE(is_uuid_v4("0b0e1f5e-3c2a-4d8e-7f10-2a3b4c5d6e7f"));  // wrong variant
    CHECK_FALSE(is_uuid_v4("0B0E1F5E-3C2A-4D8E-9F10-2A3B4C5D6E7F"));
    CHECK_FALSE(is_uuid_v4("urn:uuid:0b0e1f5e-3c2a-4d8e-9f10-2a3b4c5d6e7f"));
    CHECK_FALSE(is_uuid_v4("0b0e1f5e3c2a4d8e9f102a3b4c5d6e7f"));
    CHECK_FALSE(is_uuid_v4(""));
}

TEST_CASE("a forked child never makes the UUIDs its parent makes next") {
    new_uuid_v4();  // the parent now holds unused random bytes, which the child inherits
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string child = new_uuid_v4();
        const ssize_t written = ::write(pipe_fds[1], child.data(), child.size());
        ::_exit(written == static_cast<ssize_t>(child.size()) ? 0 : 1);
    }
    ::close(pipe_fds[1]);
    char buffer[36];
    const ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer);
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(got == 36);
    const std::string child(buffer, 36);
    const std::string parent = new_uuid_v4();
    CHECK(is_uuid_v4(child));
    CHECK(child != parent);
}
