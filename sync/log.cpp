#include "sync/log.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace alliance::sync {

Log::Log() {
    const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    sink_ = [journal](Level level, std::string_view line) {
        static constexpr const char* prefixes[] = {"", "warning: ", "error: "};
        static constexpr const char* priorities[] = {"<6>", "<4>", "<3>"};
        const auto i = static_cast<int>(level);
        std::string text = std::string(journal ? priorities[i] : "") + prefixes[i];
        text.append(line);
        text += '\n';
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    };
}

}  // namespace alliance::sync
