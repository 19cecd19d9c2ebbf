#pragma once
// The kiosk's voice: loads the read-aloud module (ui/speech.h, alliance-kiosk-speech.so) on the
// first request and passes requests on to it. The module is found beside the program in the
// installed layout, `<program's folder>/../lib/alliance-kiosk/alliance-kiosk-speech.so` (/usr/bin
// and /usr/lib/alliance-kiosk); the build tree mirrors that layout. Without the module (not
// installed, or it cannot be loaded) the kiosk goes on without reading aloud and says so once on
// stderr.
#include <memory>
#include <string>

#include "ui/speech.h"

namespace alliance::ui {

class Speaker {
public:
    Speaker() = default;
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;
    ~Speaker();
    void say(const std::string& text, const std::string& language);
    void stop();

private:
    bool tried_ = false;
    std::unique_ptr<SpeechPlayer> player_;
};

}  // namespace alliance::ui
