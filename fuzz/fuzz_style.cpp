// libFuzzer target: arbitrary bytes as a style file (styles/*.json). Every input must end in a Style or
// a hcgis::InputError naming the file.
#include "core/error.h"
#include "render/style.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)hcgis::render::parse_style(text, "/fuzz/style.json");
    } catch (const hcgis::InputError&) {
    }
    return 0;
}
