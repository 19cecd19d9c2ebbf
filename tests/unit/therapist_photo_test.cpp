// Therapist photos: what passes the checks before any decoding, the initials tile's letters, and
// which file a therapist's photo comes from.
#include <doctest/doctest.h>

#include <fstream>

#include "../store/store_fixture.h"
#include "core/content/fleet_content.h"
#include "core/content/therapist_photo.h"

using namespace alliance;
namespace fs = std::filesystem;

namespace {

// A PNG signature and IHDR for a w x h image (the pixels are not needed by the checks).
std::string png_header(unsigned w, unsigned h) {
    std::string b = "\x89PNG\r\n\x1a\n";
    b += std::string("\0\0\0\x0d", 4) + "IHDR";
    for (unsigned v : {w, h})
        for (int shift = 24; shift >= 0; shift -= 8) b += static_cast<char>((v >> shift) & 0xFF);
    b += std::string("\x08\x02\0\0\0", 5);
    return b;
}

// A JPEG start, an APP0 segment, then a baseline frame header for w x h.
std::string jpeg_header(unsigned w, unsigned h) {
    std::string b = "\xFF\xD8";
    b += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    b += std::string("\xFF\xC0\x00\x11\x08", 5);
    b += static_cast<char>(h >> 8);
    b += static_cast<char>(h & 0xFF);
    b += static_cast<char>(w >> 8);
    b += static_cast<char>(w & 0xFF);
    b += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    return b;
}

void write(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("a PNG or JPEG of a sensible size passes, with its format and dimensions") {
    const auto png = check_photo_bytes(png_header(300, 400));
    CHECK(png.problem.empty());
    CHECK(png.extension == "png");
    CHECK((png.width == 300 && png.height == 400));
    const auto jpg = check_photo_bytes(jpeg_header(640, 480));
    CHECK(jpg.problem.empty());
    CHECK(jpg.extension == "jpg");
    CHECK((jpg.width == 640 && jpg.height == 480));
}

TEST_CASE("an image too large to decode safely, or not an image, is refused before decoding") {
    CHECK(check_photo_bytes(png_header(5000, 10)).problem == "5000 x 10 pixels (expected 1 to 2048 on each side)");
    CHECK(check_photo_bytes(png_header(0, 10)).problem.find("0 x 10 pixels") == 0);
    CHECK(check_photo_bytes(jpeg_header(3000, 3000)).problem.find("3000 x 3000") == 0);
    CHECK(check_photo_bytes("GIF89a...").problem == "not a PNG or JPEG image");
    CHECK(check_photo_bytes("\xFF\xD8\xFF\x01").problem == "a JPEG without a readable frame header");
    CHECK(check_photo_bytes(png_header(10, 10) + std::string(3 * 1024 * 1024, 'x')).problem == "larger than 2 MiB");
}

TEST_CASE("a bad photo file is named in the problem") {
    test::TempDir tmp;
    write(tmp.path() / "bad.png", "not an image");
    CHECK(check_photo_file(tmp.path() / "bad.png").problem ==
          (tmp.path() / "bad.png").string() + ": not a PNG or JPEG image");
}

TEST_CASE("initials are the first letters of the first and last names, accents kept") {
    CHECK(initials_of("Alex Rivera") == "AR");
    CHECK(initials_of("María José López") == "ML");
    CHECK(initials_of("  sam  ") == "S");
    CHECK(initials_of("Álvaro Núñez") == "ÁN");
    CHECK(initials_of("") == "?");
}

TEST_CASE("a pulled photo comes before one in the content directory, which comes before none") {
    test::TempDir tmp;
    Config config;
    config.storage.dir = tmp.path() / "data";
    config.kiosk.content_dir = tmp.path() / "content";
    fs::create_directories(config.kiosk.content_dir / "questionnaires");
    write(config.kiosk.content_dir / "photos" / "alex.jpg", jpeg_header(10, 10));
    write(config.kiosk.content_dir / "photos" / "maria.png", png_header(10, 10));
    write(pulled_photos_dir(config) / "maria.png", png_header(10, 10));
    const std::vector<Therapist> team = {{"alex", "Alex"}, {"maria", "María"}, {"sam", "Sam"}};
    auto photos = therapist_photos(config, team);
    CHECK(photos["alex"] == config.kiosk.content_dir / "photos" / "alex.jpg");
    CHECK(photos["maria"] == config.kiosk.content_dir / "photos" / "maria.png");  // [fleet] off: content only
    CHECK(photos.count("sam") == 0);
    config.fleet.enabled = true;
    photos = therapist_photos(config, team);
    CHECK(photos["maria"] == pulled_photos_dir(config) / "maria.png");
}
