#include "ui/photo_cache.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "core/content/therapist_photo.h"

namespace alliance::ui {

const sf::Texture* photo_texture(const std::string& file) {
    // Keyed by the file's size and time as well: a photo replaced by a new pull is decoded again.
    struct Entry {
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime{};
        std::unique_ptr<sf::Texture> texture;  // null: the file could not be used
    };
    static std::map<std::string, Entry> cache;
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    const auto mtime = std::filesystem::last_write_time(file, error);
    auto it = cache.find(file);
    if (it != cache.end() && it->second.size == size && it->second.mtime == mtime) return it->second.texture.get();
    Entry entry{size, mtime, nullptr};
    const PhotoCheck check = check_photo_file(file);
    if (!check.problem.empty()) {
        std::cerr << "alliance-kiosk: therapist photo skipped (initials shown): " << check.problem << '\n';
    } else {
        auto texture = std::make_unique<sf::Texture>();
        if (texture->loadFromFile(file)) {
            texture->setSmooth(true);
            entry.texture = std::move(texture);
        } else {
            std::cerr << "alliance-kiosk: therapist photo skipped (initials shown): " << file
                      << ": the image could not be decoded\n";
        }
    }
    auto& slot = cache[file];
    slot = std::move(entry);
    return slot.texture.get();
}

}  // namespace alliance::ui
