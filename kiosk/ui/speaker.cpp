#include "ui/speaker.h"

#include <dlfcn.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace alliance::ui {
namespace {

std::string speech_module_path() {
    std::error_code ec;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
    // Without /proc (never on a kiosk) the installed place is the one left to try.
    const std::filesystem::path folder = ec ? std::filesystem::path(ALLIANCE_SPEECH_MODULE_INSTALLED)
                                            : program.parent_path() / ALLIANCE_SPEECH_MODULE_FROM_PROGRAM;
    return (folder / "alliance-kiosk-speech.so").lexically_normal().string();
}

std::unique_ptr<SpeechPlayer> load_player() {
    const std::string path = speech_module_path();
    // Never unloaded: the player's threads and the audio libraries live until the program ends.
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        const char* why = dlerror();
        std::fprintf(stderr, "alliance-kiosk: read aloud is not available: %s\n", why ? why : path.c_str());
        return nullptr;
    }
    using Make = SpeechPlayer* (*)();
    auto make = reinterpret_cast<Make>(dlsym(module, kSpeechPlayerSymbol));
    if (!make) {
        std::fprintf(stderr, "alliance-kiosk: read aloud is not available: %s has no %s\n", path.c_str(),
                     kSpeechPlayerSymbol);
        return nullptr;
    }
    return std::unique_ptr<SpeechPlayer>(make());
}

}  // namespace

Speaker::~Speaker() = default;

void Speaker::say(const std::string& text, const std::string& language) {
    if (!tried_) {
        tried_ = true;
        player_ = load_player();
    }
    if (player_) player_->say(text, language);
}

void Speaker::stop() {
    if (player_) player_->stop();
}

}  // namespace alliance::ui
