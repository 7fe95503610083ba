// Runs the hcgis binary as a user would, for the CLI tests: exit status, standard output and error, with an
// optional working folder and a limit on the size of any file it writes (RLIMIT_FSIZE, SIGXFSZ ignored so
// that a write past it fails with EFBIG, as on a full disk).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hcgis::test {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

struct RunOptions {
    std::string prefix;                       // before the command, e.g. "runuser -u nobody --"
    std::filesystem::path cwd;                // working folder; empty = the test's
    std::optional<long> file_size_limit;      // bytes
};

/// Runs `HCGIS_EXE args` through /bin/sh (args are shell words).
Run run(const std::string& args, const RunOptions& options = {});

/// `s` in single quotes, as one shell word (s holds no single quote).
std::string quoted(const std::string& s);

/// The whole content of a file ("" when it cannot be read).
std::string slurp(const std::filesystem::path& p);

}  // namespace hcgis::test
