#pragma once
// Therapist photos as textures, decoded once per file version and only after the checks of
// core/content/therapist_photo.h (size, format, header dimensions) pass: a bad file is skipped with one
// log line, and the initials tile is drawn instead.
#include <SFML/Graphics/Texture.hpp>

#include <string>

namespace alliance::ui {

// The texture of `file`, or nullptr when it cannot be used (logged once per file version).
const sf::Texture* photo_texture(const std::string& file);

}  // namespace alliance::ui
