// The executable's side of cli/qt_module.h: finding and loading hcgis-qt.so, and the commands registered.
#include "cli/qt_module.h"

#include "core/error.h"

#include <dlfcn.h>

#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace hcgis::cli {
namespace {

constexpr const char* module_file = "hcgis-qt.so";

const QtModule& load() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw InternalError(std::string("cannot find the hcgis executable (/proc/self/exe: ") + ec.message() + ")");
    const std::filesystem::path dir = exe.parent_path();
    std::filesystem::path file = dir / module_file;
    if (!std::filesystem::exists(file, ec)) {
        const std::filesystem::path installed = dir / ".." / "lib" / "hcgis" / module_file;
        if (std::filesystem::exists(installed, ec)) file = installed;
    }
    // RTLD_NOW: a module that does not fit the executable is refused here, by name, not at its first call.
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    const char* why = handle ? nullptr : ::dlerror();
    using Entry = const QtModule* (*)();
    const auto entry = handle ? reinterpret_cast<Entry>(::dlsym(handle, "hcgis_qt_module")) : nullptr;
    const QtModule* module = entry ? entry() : nullptr;
    if (!module || module->size != sizeof(QtModule))
        throw InternalError(file.string() + ": cannot load the module of the commands map, suggest, web, report and "
                            "atlas and of the outputs' QGIS styles (" +
                            (why ? std::string(why) : std::string("not a module of this hcgis")) +
                            "); it belongs in the directory of the hcgis executable or in ../lib/hcgis/ from there");
    return *module;
}

/// The commands the executable runs without the module.
bool lean_command(std::string_view name) {
    for (const char* c : {"indicators", "export", "coverage", "synth", "init"})
        if (name == c) return true;
    return false;
}

}  // namespace

const QtModule& qt_module() {
    static const QtModule& module = load();
    return module;
}

std::vector<Command> add_commands(CLI::App& app, int argc, char** argv) {
    const bool lean = argc > 1 && (lean_command(argv[1]) || (argc == 2 && std::strcmp(argv[1], "--version") == 0));
    const QtModule* m = lean ? nullptr : &qt_module();
    std::vector<Command> commands{add_indicators(app), add_export(app), add_coverage(app)};
    if (m) commands.push_back(m->add_map(app)), commands.push_back(m->add_suggest(app));
    commands.push_back(add_synth(app));
    if (m) {
        commands.push_back(m->add_web(app));
        commands.push_back(m->add_report(app));
        commands.push_back(m->add_atlas(app));
    }
    commands.push_back(add_init(app));
    return commands;
}

}  // namespace hcgis::cli
