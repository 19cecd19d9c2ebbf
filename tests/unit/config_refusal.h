#pragma once
// Shared by the config tests: the message parse_config throws for a file's text.
#include <doctest/doctest.h>

#include <string>

#include "core/config/config.h"

namespace alliance::test {

// The message parse_config throws for `toml`, or a test failure if it accepts it.
inline std::string refusal(const std::string& toml) {
    try {
        parse_config(toml, "kiosk.toml");
    } catch (const ConfigError& error) {
        return error.what();
    }
    FAIL("the config was accepted:\n" << toml);
    return "";
}

}  // namespace alliance::test
