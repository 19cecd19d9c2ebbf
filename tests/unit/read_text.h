// A whole file as text, for the tests that read the repository's own sources and docs.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read " << file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
