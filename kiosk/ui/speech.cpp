#include "ui/speech.h"

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <espeak-ng/speak_lib.h>
#include <SFML/Audio/Sound.hpp>
#include <SFML/Audio/SoundBuffer.hpp>

namespace alliance::ui {
namespace {

int collect(short* wav, int count, espeak_EVENT* events) {
    if (wav && count > 0 && events && events->user_data)
        static_cast<Speech*>(events->user_data)
            ->samples.insert(static_cast<Speech*>(events->user_data)->samples.end(), wav, wav + count);
    return 0;  // go on
}

unsigned initialise() {
    static const int rate = [] {
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (r > 0) espeak_SetSynthCallback(collect);
        return r;
    }();
    if (rate <= 0) throw std::runtime_error("espeak-ng could not start (is espeak-ng-data installed?)");
    return static_cast<unsigned>(rate);
}

class Player final : public SpeechPlayer {
public:
    Player() = default;
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;
    ~Player() override {
        ++generation_;
        if (worker_.joinable()) worker_.join();
        if (sound_) sound_->stop();
    }

    void stop() override {
        ++generation_;
        std::lock_guard lock(mutex_);
        if (sound_) sound_->stop();
    }

    void say(const std::string& text, const std::string& language) override {
        const std::uint64_t mine = ++generation_;
        if (worker_.joinable()) worker_.join();
        {
            std::lock_guard lock(mutex_);
            if (sound_) sound_->stop();
        }
        worker_ = std::thread([this, text, language, mine] { speak(text, language, mine); });
    }

private:
    void speak(const std::string& text, const std::string& language, std::uint64_t mine) {
        try {
            Speech speech = synthesize(text, language);
            std::lock_guard lock(mutex_);
            // A newer request (or stop) came while this one was being synthesised.
            if (generation_ != mine || speech.samples.empty()) return;
            if (!sound_) {
                buffer_ = std::make_unique<sf::SoundBuffer>();
                sound_ = std::make_unique<sf::Sound>();
            }
            if (!buffer_->loadFromSamples(speech.samples.data(), speech.samples.size(), 1, speech.sample_rate)) {
                std::fprintf(stderr, "alliance-kiosk: read aloud: cannot load the synthesised audio\n");
                return;
            }
            sound_->setBuffer(*buffer_);
            sound_->play();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "alliance-kiosk: read aloud: %s\n", e.what());
        }
    }

    std::mutex mutex_;
    std::thread worker_;
    std::atomic<std::uint64_t> generation_{0};
    // Made on the first request: a kiosk without speakers should not log audio errors until
    // someone asks it to speak.
    std::unique_ptr<sf::SoundBuffer> buffer_;
    std::unique_ptr<sf::Sound> sound_;
};

}  // namespace

Speech synthesize(const std::string& text, const std::string& language) {
    Speech out;
    out.sample_rate = initialise();
    espeak_VOICE voice{};
    voice.languages = language.c_str();
    if (espeak_SetVoiceByProperties(&voice) != EE_OK)
        throw std::runtime_error("espeak-ng has no voice for language \"" + language + "\"");
    const espeak_ERROR e =
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &out);
    if (e != EE_OK) throw std::runtime_error("espeak-ng could not synthesise the text");
    return out;
}

}  // namespace alliance::ui

extern "C" alliance::ui::SpeechPlayer* alliance_speech_player_new() { return new alliance::ui::Player(); }
