#include "core/sites/cbc_solver.h"

#include "core/error.h"
#include "core/stage_clock.h"

#include <coin/Cbc_C_Interface.h>

#include <fmt/format.h>

#include <functional>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>
#include <span>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>

namespace hcgis::sites {

int MipProblem::add_col(double objective, double lo, double hi, bool is_integer) {
    obj.push_back(objective);
    col_lo.push_back(lo);
    col_hi.push_back(hi);
    integer.push_back(is_integer ? 1 : 0);
    return static_cast<int>(obj.size()) - 1;
}

int MipProblem::add_row(double lo, double hi) {
    row_lo.push_back(lo);
    row_hi.push_back(hi);
    return static_cast<int>(row_lo.size()) - 1;
}

void MipProblem::set(int row, int col, double value) {
    entry_row.push_back(row);
    entry_col.push_back(col);
    entry_value.push_back(value);
}

namespace {

struct CbcDeleter {
    void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};
using CbcPtr = std::unique_ptr<Cbc_Model, CbcDeleter>;

/// Loads `p` column-wise (CBC's CSC form).
void load(Cbc_Model* m, const MipProblem& p) {
    const std::size_t n = p.cols();
    std::vector<int> start(n + 1, 0);
    for (std::int32_t c : p.entry_col) ++start[static_cast<std::size_t>(c) + 1];
    for (std::size_t c = 0; c < n; ++c) start[c + 1] += start[c];
    std::vector<int> index(p.entry_row.size());
    std::vector<double> value(p.entry_row.size());
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < p.entry_row.size(); ++e) {
        const int at = fill[static_cast<std::size_t>(p.entry_col[e])]++;
        index[static_cast<std::size_t>(at)] = p.entry_row[e];
        value[static_cast<std::size_t>(at)] = p.entry_value[e];
    }
    Cbc_loadProblem(m, static_cast<int>(n), static_cast<int>(p.row_lo.size()), start.data(), index.data(), value.data(),
                    p.col_lo.data(), p.col_hi.data(), p.obj.data(), p.row_lo.data(), p.row_hi.data());
    for (std::size_t c = 0; c < n; ++c)
        if (p.integer[c]) Cbc_setInteger(m, static_cast<int>(c));
    Cbc_setObjSense(m, p.maximise ? -1.0 : 1.0);
}

double objective_of(const MipProblem& p, const std::vector<double>& x) {
    return std::inner_product(p.obj.begin(), p.obj.end(), x.begin(), 0.0);
}

/// What a search returns through the pipe: status, bound, then the solution (empty if none).
struct Found {
    bool has_x = false, optimal = false, infeasible = false;
    double bound = 0;
    std::vector<double> x;
};

/// Runs CBC on `p` in this process.
Found search(const MipProblem& p, const MipOptions& o) {
    CbcPtr m(Cbc_newModel());
    load(m.get(), p);
    Cbc_setLogLevel(m.get(), 0);
    Cbc_setParameter(m.get(), "log", "0");
    Cbc_setParameter(m.get(), "slog", "0");
    Cbc_setParameter(m.get(), "timeMode", "elapsed");
    // CBC 2.10.8 can crash in CglPreProcess::postProcess when the search stops early (seen on the 1 M city).
    Cbc_setParameter(m.get(), "preprocess", "off");
    Cbc_setParameter(m.get(), "idiotCrash", "0");
    if (!o.cuts) {
        Cbc_setParameter(m.get(), "cuts", "off");
        Cbc_setParameter(m.get(), "heuristicsOnOff", "off");
        Cbc_setParameter(m.get(), "strongBranching", "0");
    }
    const double limit = std::max(0.02, o.time_limit_s);
    Cbc_setParameter(m.get(), "sec", fmt::format("{:.3f}", limit).c_str());
    Cbc_setMaximumSeconds(m.get(), limit);
    Cbc_setAllowableGap(m.get(), 1e-7);
    Cbc_setAllowableFractionGap(m.get(), 1e-9);
    if (!o.start.empty()) {
        std::vector<int> idx(p.cols());
        std::iota(idx.begin(), idx.end(), 0);
        Cbc_setMIPStartI(m.get(), static_cast<int>(idx.size()), idx.data(), o.start.data());
    }
    Cbc_solve(m.get());
    Found f;
    if (const double* x = Cbc_bestSolution(m.get())) f.x.assign(x, x + p.cols());
    f.has_x = !f.x.empty();
    f.optimal = Cbc_isProvenOptimal(m.get()) != 0;
    f.infeasible = Cbc_isProvenInfeasible(m.get()) != 0;
    f.bound = Cbc_getBestPossibleObjValue(m.get());
    return f;
}

bool write_all(int fd, const void* data, std::size_t n) {
    const char* at = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t k = ::write(fd, at, n);
        if (k <= 0) return false;
        at += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

/// Reads n bytes before `deadline`; false on end, error or time out. While waiting, `waiting` is called
/// every 0.1 s (it may move the deadline).
bool read_all(int fd, void* data, std::size_t n, std::chrono::steady_clock::time_point& deadline,
              const std::function<void()>& waiting) {
    char* at = static_cast<char*>(data);
    while (n > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 100)));
        if (ready < 0) return false;
        if (ready == 0) {
            waiting();
            continue;
        }
        const ssize_t k = ::read(fd, at, n);
        if (k <= 0) return false;
        at += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

/// CBC's own limit does not cover its first linear relaxation, which can take minutes on a large model:
/// the search runs in a child process that is stopped when the time is up (a second past the limits).
/// Cancelled (keep_going false), the child is killed at once: CBC 2.10's C interface has no way to end a
/// search early with its incumbent (SIGINT ends the process before it answers), so the start stands.
/// Several problems are solved one after the other in one child (a fork of a large process costs
/// milliseconds), each limit counted from the child's start; the first one's keep_going is asked. found[k] is empty where problem k's answer did
/// not come (stopped, or the child could not start). Returns the child's CPU seconds.
double search_guarded(std::span<const MipProblem* const> ps, std::span<const MipOptions* const> os, bool& cancelled,
                      std::vector<std::optional<Found>>& found) {
    found.assign(ps.size(), std::nullopt);
    int fds[2];
    if (::pipe(fds) != 0) return 0.0;
    std::fflush(nullptr);  // else the child's first output would repeat what the parent had buffered
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return 0.0;
    }
    if (child == 0) {
        // CBC prints a line or two even with its log off; the caller's standard output is not for that.
        if (const int null = ::open("/dev/null", O_WRONLY); null >= 0) ::dup2(null, 1);
        // Only our pipe stays open: another worker's child must not hold this one's pipe (nor this one
        // another's), so that a child that dies is seen at once by the end of its pipe.
        const int out = 3;
        if (fds[1] != out) ::dup2(fds[1], out);
        ::close_range(out + 1, ~0U, 0);
        bool ok = true;
        const auto started = std::chrono::steady_clock::now();
        for (std::size_t k = 0; k < ps.size() && ok; ++k) {
            // Each limit counts from the batch's start: the batch ends within the largest.
            MipOptions o = *os[k];
            o.time_limit_s -= std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const Found f = search(*ps[k], o);
            const std::uint8_t flags[3] = {f.has_x, f.optimal, f.infeasible};
            ok = write_all(out, flags, sizeof flags) && write_all(out, &f.bound, sizeof f.bound) &&
                 (!f.has_x || write_all(out, f.x.data(), f.x.size() * sizeof(double)));
        }
        ::_exit(ok ? 0 : 1);
    }
    ::close(fds[1]);
    double limit = 0;  // the largest, and CBC's least (0.02 s) for each
    for (const MipOptions* o : os) limit = std::max(limit, o->time_limit_s);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                                 std::chrono::duration<double>(limit + 0.02 * static_cast<double>(os.size()) + 1.0));
    const MipOptions& first = *os.front();
    auto waiting = [&] {
        if (cancelled || !first.keep_going || first.keep_going()) return;
        cancelled = true;
        deadline = std::chrono::steady_clock::now();  // the child is killed below
    };
    for (std::size_t k = 0; k < ps.size(); ++k) {
        Found f;
        std::uint8_t flags[3] = {0, 0, 0};
        bool ok = read_all(fds[0], flags, sizeof flags, deadline, waiting) && read_all(fds[0], &f.bound, sizeof f.bound, deadline, waiting);
        f.has_x = flags[0];
        f.optimal = flags[1];
        f.infeasible = flags[2];
        if (ok && f.has_x) {
            f.x.resize(ps[k]->cols());
            ok = read_all(fds[0], f.x.data(), f.x.size() * sizeof(double), deadline, waiting);
        }
        if (!ok) break;
        found[k] = std::move(f);
    }
    ::close(fds[0]);
    ::kill(child, SIGKILL);
    rusage used{};
    ::wait4(child, nullptr, 0, &used);
    return StageClock::cpu_of(used);
}

/// The result of `p` from what its search found (nothing: stopped).
MipResult result_of(const MipProblem& p, const MipOptions& o, const std::optional<Found>& found) {
    MipResult res;
    const double sense = p.maximise ? 1.0 : -1.0;  // > 0: larger is better
    if (!found) {
        // Stopped: the start stands, with no bound proven.
        if (o.start.empty()) throw InternalError("CBC found no solution within the time limit");
        res.x = o.start;
        res.objective = objective_of(p, o.start);
        res.bound = sense * 1e300;
        return res;
    }
    const Found& f = *found;
    if (f.has_x) {
        res.x = f.x;
        res.objective = objective_of(p, res.x);
    }
    if (!o.start.empty() && (res.x.empty() || sense * (objective_of(p, o.start) - res.objective) > 1e-9)) {
        res.x = o.start;
        res.objective = objective_of(p, o.start);
    }
    res.infeasible = f.infeasible && res.x.empty();
    res.optimal = f.optimal && !res.x.empty();
    res.bound = f.bound;
    if (res.x.empty()) {
        if (res.infeasible) return res;
        throw InternalError("CBC stopped without a solution");
    }
    // A proven optimum has the bound of its value, and a bound can never be worse than the solution it bounds.
    if (res.optimal || !std::isfinite(res.bound)) res.bound = res.optimal ? res.objective : sense * 1e300;
    if (sense * (res.bound - res.objective) < 0) res.bound = res.objective;
    return res;
}

}  // namespace

MipResult solve_mip(const MipProblem& p, const MipOptions& o) {
    const MipProblem* ps[1] = {&p};
    const MipOptions* os[1] = {&o};
    return solve_mips(ps, os).front();
}

std::vector<MipResult> solve_mips(std::span<const MipProblem* const> ps, std::span<const MipOptions* const> os) {
    std::vector<MipResult> out;
    if (ps.empty()) return out;
    bool cancelled = false;
    std::vector<std::optional<Found>> found;
    const double cpu_s = search_guarded(ps, os, cancelled, found);
    for (std::size_t k = 0; k < ps.size(); ++k) {
        out.push_back(result_of(*ps[k], *os[k], found[k]));
        out.back().cancelled = cancelled;
        out.back().cpu_s = k == 0 ? cpu_s : 0.0;
    }
    return out;
}

}  // namespace hcgis::sites
