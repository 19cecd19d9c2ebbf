// How `alliance-sync check` prints a step: the server's text without control characters, the
// step's own lines kept (the defs step lists one missing definition a line).
#include <doctest/doctest.h>

#include "sync/check.h"

using namespace alliance::sync;

TEST_CASE("a check step keeps its own line breaks and strips the server's control characters") {
    CheckStep step;
    step.name = "defs";
    step.ok = true;
    step.detail = "1 of 3 are on the server\n       [miss] CodeSystem a\n       [miss] b\x1b[2J";
    CHECK(format_check_step(step) ==
          "[ ok ] defs    1 of 3 are on the server\n       [miss] CodeSystem a\n       [miss] b [2J");
}

TEST_CASE("a failed check step says what to do on a line of its own") {
    CheckStep step;
    step.name = "auth";
    step.detail = "HTTP 401\r from the server";
    step.advice = "check token_file";
    CHECK(format_check_step(step) == "[FAIL] auth    HTTP 401  from the server\n       what to do: check token_file");
}
