// Fuzzes the config loader with arbitrary bytes as kiosk.toml. The contract: any input either
// loads or is refused with a ConfigError naming the file; anything else (another exception, a
// crash, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const alliance::Config config = alliance::parse_config(text, "fuzz.toml");
        // A config that loads must hold what the loader promises.
        if (config.kiosk.languages.empty() || config.kiosk.idle_seconds < 10 || config.sync.batch_size < 1) {
            std::abort();
        }
    } catch (const alliance::ConfigError& error) {
        if (std::string(error.what()).rfind("fuzz.toml", 0) != 0) std::abort();  // must name the file
    }
    return 0;
}
