// hcgis: the command line. Each command lives in a file of its own (common.h lists them); this file
// registers them and holds the one catch that maps errors to exit statuses: 1 for bad input or a failed
// write (one line on stderr naming the file, layer, feature and field), 2 for a usage error (an output
// that would overwrite an input among them), 3 for an internal error, which says so.
#include "cli/common.h"
#include "cli/qt_module.h"

#include "core/error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <new>
#include <vector>

namespace {

using namespace hcgis;

int internal_error(const std::string& what) {
    std::cerr << fmt::format("hcgis: internal error while {}: {} (a fault in hcgis, not in your data; please report it)\n",
                             cli::current_stage(), what);
    return exit_status::internal;
}

/// Runs the chosen command; every error reaches the user as one line and an exit status.
int run(const cli::Command& command) {
    try {
        // For the test of this very catch: what a bug looks like to the user.
        if (const char* stage = std::getenv("HCGIS_INJECT_INTERNAL_ERROR")) {
            cli::stage(stage);
            throw InternalError("an error injected by HCGIS_INJECT_INTERNAL_ERROR");
        }
        return command.run();
    } catch (const InputError& e) {
        std::cerr << "hcgis: " << e.what() << "\n";
        return exit_status::bad_input;
    } catch (const OutputError& e) {
        std::cerr << "hcgis: " << e.what() << "\n";
        return exit_status::bad_input;
    } catch (const UsageError& e) {
        std::cerr << "hcgis: " << e.what() << "\n";
        return exit_status::usage;
    } catch (const std::bad_alloc&) {
        std::cerr << fmt::format("hcgis: out of memory while {}\n", cli::current_stage());
        return exit_status::internal;
    } catch (const std::exception& e) {  // InternalError, and whatever a library threw that we did not expect
        return internal_error(e.what());
    } catch (...) {
        return internal_error("an unknown exception");
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"hcgis: healthy-city GIS. Computes the Healthy City plan's indicators per sub-district."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "hcgis 0.1.0");
    std::vector<cli::Command> commands;
    try {
        commands = cli::add_commands(app, argc, argv);  // the module's commands too unless argv[1] needs none
    } catch (const InternalError& e) {
        return internal_error(e.what());
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_status::ok : exit_status::usage;
    }
    for (const auto& command : commands)
        if (command.app->parsed()) return run(command);
    return exit_status::usage;
}
