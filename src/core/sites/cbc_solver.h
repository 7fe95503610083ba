// A small mixed-integer program and its solution by COIN-OR CBC (its C interface), within a time limit,
// from a warm start, keeping the best solution found and the best bound proven.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace hcgis::sites {

/// Rows lo ≤ a·x ≤ hi over columns lo ≤ x ≤ hi; the matrix as (row, column, value) entries.
struct MipProblem {
    bool maximise = false;
    std::vector<double> obj, col_lo, col_hi, row_lo, row_hi;
    std::vector<std::uint8_t> integer;
    std::vector<std::int32_t> entry_row, entry_col;
    std::vector<double> entry_value;

    /// Adds a column, returns its index.
    int add_col(double objective, double lo, double hi, bool is_integer);
    /// Adds a row, returns its index.
    int add_row(double lo, double hi);
    void set(int row, int col, double value);
    std::size_t cols() const { return obj.size(); }
};

struct MipOptions {
    double time_limit_s = 10;
    std::vector<double> start;  // a feasible solution (one value per column) to start from; may be empty
    /// Asked about every 0.1 s while CBC runs; returning false kills it (the start is kept). May be empty.
    std::function<bool()> keep_going;
    /// CBC's cut generators, primal heuristics and strong branching. Off, each node is cheaper: on the
    /// maximal covering parts of the 1 M city (their conflicts as cliques, warm started) CBC proves the
    /// optimum with 36 % less time without cuts and heuristics, 8 % less again without strong branching;
    /// on set covering the cuts pay (its gap at the limit is smaller).
    bool cuts = true;
};

struct MipResult {
    std::vector<double> x;      // the best solution found (the start when CBC found none better); empty if none
    double objective = 0;       // its objective
    double bound = 0;           // the best bound proven (≥ objective when maximising, ≤ when minimising)
    bool optimal = false;       // proven optimal
    bool infeasible = false;    // proven to have no solution
    bool cancelled = false;     // keep_going returned false: CBC was stopped
    double cpu_s = 0;           // user + system seconds of CBC's child process
};

/// Solves `p` with CBC, its log silenced, in a child process stopped a second past the time limit (CBC's
/// own limit does not cover its first relaxation), or as soon as keep_going returns false. Stopped, the
/// start is returned with no bound (±1e300).
/// Throws InternalError if there is neither a solution nor a start.
MipResult solve_mip(const MipProblem& p, const MipOptions& options);

/// solve_mip of each problem in turn, all in one child process, each time limit counted from the
/// batch's start (so the batch ends within the largest; the child is stopped a second past it); cancelled
/// by the first options' keep_going; problems whose answer did not come keep their start. The child's CPU seconds are in the first result's cpu_s. ps and os are of one length.
std::vector<MipResult> solve_mips(std::span<const MipProblem* const> ps, std::span<const MipOptions* const> os);

}  // namespace hcgis::sites
