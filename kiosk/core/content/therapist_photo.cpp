#include "core/content/therapist_photo.h"

#include <fstream>
#include <sstream>

#include "core/content/fleet_content.h"
#include "core/content/paths.h"

namespace alliance {
namespace {

namespace fs = std::filesystem;

unsigned big_endian(std::string_view b, std::size_t at, int bytes) {
    unsigned v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

// JPEG: the first start-of-frame marker holds the dimensions; walk the segments to it.
bool jpeg_size(std::string_view b, unsigned& w, unsigned& h) {
    std::size_t at = 2;
    while (at + 9 < b.size()) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return false;
        const unsigned marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        const unsigned length = big_endian(b, at + 2, 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            h = big_endian(b, at + 5, 2);
            w = big_endian(b, at + 7, 2);
            return true;
        }
        if (length < 2) return false;
        at += 2 + length;
    }
    return false;
}

}  // namespace

PhotoCheck check_photo_bytes(std::string_view b) {
    PhotoCheck c;
    if (b.size() > max_photo_bytes) {
        c.problem = "larger than " + std::to_string(max_photo_bytes / 1024 / 1024) + " MiB";
        return c;
    }
    static constexpr std::string_view png_signature = "\x89PNG\r\n\x1a\n";
    if (b.size() >= 24 && b.substr(0, 8) == png_signature && b.substr(12, 4) == "IHDR") {
        c.extension = "png";
        c.width = big_endian(b, 16, 4);
        c.height = big_endian(b, 20, 4);
    } else if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) {
        c.extension = "jpg";
        if (!jpeg_size(b, c.width, c.height)) {
            c.problem = "a JPEG without a readable frame header";
            return c;
        }
    } else {
        c.problem = "not a PNG or JPEG image";
        return c;
    }
    if (c.width == 0 || c.height == 0 || c.width > max_photo_side || c.height > max_photo_side) {
        c.problem = std::to_string(c.width) + " x " + std::to_string(c.height) + " pixels (expected 1 to " +
                    std::to_string(max_photo_side) + " on each side)";
    }
    return c;
}

PhotoCheck check_photo_file(const fs::path& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    PhotoCheck c;
    if (error) {
        c.problem = file.string() + ": cannot read it (" + error.message() + ")";
        return c;
    }
    if (size > max_photo_bytes) {
        c.problem = file.string() + ": larger than " + std::to_string(max_photo_bytes / 1024 / 1024) + " MiB";
        return c;
    }
    const auto text = fleet::read_file_text(file);
    c = check_photo_bytes(text.value_or(""));
    if (!c.problem.empty()) c.problem = file.string() + ": " + c.problem;
    return c;
}

std::string initials_of(const std::string& name) {
    std::vector<std::string> words;
    std::istringstream in(name);
    for (std::string w; in >> w;) words.push_back(w);
    auto first_letter = [](const std::string& w) {
        // One UTF-8 character: the lead byte and its continuation bytes.
        std::size_t n = 1;
        while (n < w.size() && (static_cast<unsigned char>(w[n]) & 0xC0) == 0x80) ++n;
        std::string c = w.substr(0, n);
        if (c.size() == 1 && c[0] >= 'a' && c[0] <= 'z') c[0] = static_cast<char>(c[0] - 'a' + 'A');
        return c;
    };
    if (words.empty()) return "?";
    std::string out = first_letter(words.front());
    if (words.size() > 1) out += first_letter(words.back());
    return out;
}

fs::path pulled_photos_dir(const Config& config) { return fleet::fleet_dir(config) / "photos"; }

std::map<std::string, fs::path> therapist_photos(const Config& config, const std::vector<Therapist>& therapists) {
    std::vector<fs::path> dirs;
    if (config.fleet.enabled) dirs.push_back(pulled_photos_dir(config));
    try {
        dirs.push_back(content_dir(config) / "photos");
    } catch (const std::exception&) {
        // No content directory: the kiosk is out of service anyway.
    }
    std::map<std::string, fs::path> out;
    for (const auto& t : therapists) {
        for (const auto& dir : dirs) {
            std::error_code error;
            for (const char* ext : {".png", ".jpg"}) {
                const fs::path file = dir / (t.id + ext);
                if (out.count(t.id) == 0 && fs::is_regular_file(file, error)) out[t.id] = file;
            }
        }
    }
    return out;
}

}  // namespace alliance
