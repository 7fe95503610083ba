// libFuzzer target: arbitrary bytes as a project file. Every input must end in a Project or an InputError
// naming the file; nothing else may escape, crash or leak.
#include "io/error.h"
#include "io/project.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const hcgis::io::Project p = hcgis::io::parse_project(text, "/fuzz/project.json");
        (void)p.layer("districts");
    } catch (const hcgis::io::InputError&) {
    }
    return 0;
}
