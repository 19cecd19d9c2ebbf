#pragma once
// Read aloud: espeak-ng synthesises the screen's text into a buffer (English and Spanish voices),
// SFML audio plays it. This code and the libraries it needs (espeak-ng, OpenAL, the audio codecs)
// live in a module of their own, alliance-kiosk-speech.so, that the kiosk loads on the first
// request to read aloud (ui/speaker.h): loading those twenty-odd libraries at start would delay
// the first screen for a feature most patients never use.
#include <cstdint>
#include <string>
#include <vector>

namespace alliance::ui {

struct Speech {
    std::vector<std::int16_t> samples;  // mono
    unsigned sample_rate = 0;
};

// Synthesises UTF-8 `text` with the voice for `language` ("en", "es", ...). Throws
// std::runtime_error when espeak-ng or the voice is missing. Not thread-safe: one caller at a time.
Speech synthesize(const std::string& text, const std::string& language);

// What the module offers the kiosk: says a text, stops. Synthesis runs on a worker thread so
// that the screen never waits for it; failures go to stderr without the text (it may contain a
// patient's answer).
class SpeechPlayer {
public:
    virtual ~SpeechPlayer() = default;
    // Stops what is playing and says `text`.
    virtual void say(const std::string& text, const std::string& language) = 0;
    virtual void stop() = 0;
};

}  // namespace alliance::ui

// The module's one entry point (C linkage, found with dlsym): a new player, owned by the caller.
extern "C" alliance::ui::SpeechPlayer* alliance_speech_player_new();
inline constexpr const char* kSpeechPlayerSymbol = "alliance_speech_player_new";
