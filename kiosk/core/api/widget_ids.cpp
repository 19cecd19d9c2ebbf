#include "core/api/widget_ids.h"

namespace alliance::widget_id {

namespace {

std::string joined(std::string_view prefix, std::string_view name) {
    std::string id(prefix);
    id += name;
    return id;
}

}  // namespace

std::string language(std::string_view code) { return joined("language:", code); }
std::string therapist(std::string_view therapist_id) { return joined(therapist_prefix, therapist_id); }
std::string answer(std::string_view link_id, std::string_view value) {
    return joined(answer_prefix, joined(link_id, joined(":", value)));
}
std::string key(std::string_view name) { return joined("key:", name); }
std::string duty(std::string_view therapist_id) { return joined("duty:", therapist_id); }
std::string default_language(std::string_view code) { return joined("default-language:", code); }

}  // namespace alliance::widget_id
