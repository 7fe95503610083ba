// Wall and CPU time per stage of a run, for `--profile`: CPU counts every thread of this process and the
// solver's child processes once they have ended.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace hcgis {

struct StageTime {
    std::string name;
    double wall_s = 0, cpu_s = 0;
};

class StageClock {
public:
    explicit StageClock(std::vector<StageTime>& out) : out_(out), wall_(std::chrono::steady_clock::now()), cpu_(cpu_now()) {}

    /// Records the time since the previous lap (or the start) as `name`.
    void lap(std::string name) {
        const auto wall = std::chrono::steady_clock::now();
        const double cpu = cpu_now();
        out_.push_back({std::move(name), std::chrono::duration<double>(wall - wall_).count(), cpu - cpu_});
        wall_ = wall;
        cpu_ = cpu;
    }

    /// Starts the next lap now, without recording the time since the last (timed elsewhere).
    void restart() {
        wall_ = std::chrono::steady_clock::now();
        cpu_ = cpu_now();
    }

    /// User + system seconds of this process and its ended children.
    static double cpu_now() {
        double s = 0;
        for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
            rusage u{};
            if (::getrusage(who, &u) == 0) s += cpu_of(u);
        }
        return s;
    }

    /// User + system seconds of a resource usage (getrusage, wait4).
    static double cpu_of(const rusage& u) {
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    }

private:
    std::vector<StageTime>& out_;
    std::chrono::steady_clock::time_point wall_;
    double cpu_;
};

}  // namespace hcgis
