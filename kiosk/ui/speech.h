#pragma once
// Read aloud: espeak-ng synthesises the screen's text into a buffer (English and Spanish voices),
// SFML audio plays it. Synthesis runs on a worker thread so that the screen never waits for it.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <SFML/Audio/Sound.hpp>
#include <SFML/Audio/SoundBuffer.hpp>

namespace alliance::ui {

struct Speech {
    std::vector<std::int16_t> samples;  // mono
    unsigned sample_rate = 0;
};

// Synthesises UTF-8 `text` with the voice for `language` ("en", "es", ...). Throws
// std::runtime_error when espeak-ng or the voice is missing. Not thread-safe: one caller at a time.
Speech synthesize(const std::string& text, const std::string& language);

class Speaker {
public:
    Speaker() = default;
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;
    ~Speaker();
    // Stops what is playing and says `text`. Failures go to stderr without the text (it may
    // contain a patient's answer).
    void say(const std::string& text, const std::string& language);
    void stop();

private:
    std::mutex mutex_;
    std::thread worker_;
    std::atomic<std::uint64_t> generation_{0};
    // Made on the first request: opening the audio device costs start-up time, and a kiosk
    // without speakers should not log audio errors until someone asks it to speak.
    std::unique_ptr<sf::SoundBuffer> buffer_;
    std::unique_ptr<sf::Sound> sound_;
};

}  // namespace alliance::ui
