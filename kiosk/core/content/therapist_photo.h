#pragma once
// Therapist photos on the therapist screen (patients recognise a face faster than a name).
// Where a therapist's photo comes from, the first that exists of:
//   <data dir>/fleet/photos/<id>.png|.jpg   pulled from Practitioner.photo by alliance-sync ([fleet])
//   <content dir>/photos/<id>.png|.jpg      put there by IT
// and the checks a photo passes before anything decodes it: at most 2 MiB, a PNG or JPEG whose
// header gives at most 2048 x 2048 pixels. A therapist without a usable photo gets an initials
// tile. No SFML here: the UI decodes the files this names.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.h"

namespace alliance {

inline constexpr std::uintmax_t max_photo_bytes = std::uintmax_t{2} * 1024 * 1024;
inline constexpr unsigned max_photo_side = 2048;

struct PhotoCheck {
    std::string problem;    // "" when fine
    std::string extension;  // "png" or "jpg"
    unsigned width = 0, height = 0;
};
// Checks the bytes' size, format and header dimensions, without decoding the pixels.
PhotoCheck check_photo_bytes(std::string_view bytes);
// The same for a file; the problem names the file.
PhotoCheck check_photo_file(const std::filesystem::path& file);

// "AR" for "Alex Rivera", "M" for "María" (first letters of the first and last words, upper case
// for ASCII letters; other letters kept as they are).
std::string initials_of(const std::string& name);

// therapist id -> photo file for those who have one (not checked here: the UI checks on decode).
std::map<std::string, std::filesystem::path> therapist_photos(const Config& config,
                                                              const std::vector<Therapist>& therapists);

// <data dir>/fleet/photos
std::filesystem::path pulled_photos_dir(const Config& config);

}  // namespace alliance
