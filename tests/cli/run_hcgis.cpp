#include "run_hcgis.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hcgis::test {
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Run run(const std::string& args, const RunOptions& options) {
    static int serial = 0;
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++serial);
    const fs::path out_file = fs::temp_directory_path() / ("hcgis-cli-out-" + tag);
    const fs::path err_file = fs::temp_directory_path() / ("hcgis-cli-err-" + tag);
    const std::string cmd = options.prefix + " '" + HCGIS_EXE + "' " + args;
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(127);
        if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(127);
        if (options.file_size_limit) {
            ::signal(SIGXFSZ, SIG_IGN);  // stays ignored across exec: writes past the limit fail with EFBIG
            const rlimit lim{static_cast<rlim_t>(*options.file_size_limit), static_cast<rlim_t>(*options.file_size_limit)};
            if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(127);
        }
        ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
    Run r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    fs::remove(out_file);
    fs::remove(err_file);
    return r;
}

std::string quoted(const std::string& s) {
    std::string q = "'";  // built in steps: GCC 12 warns (-Wrestrict) on "'" + s + "'"
    q += s;
    q += "'";
    return q;
}

}  // namespace hcgis::test
