#include "core/sites/cbc_solver.h"

#include "core/error.h"

#include <coin/Cbc_C_Interface.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

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

}  // namespace

MipResult solve_mip(const MipProblem& p, const MipOptions& o) {
    MipResult res;
    CbcPtr m(Cbc_newModel());
    load(m.get(), p);
    Cbc_setLogLevel(m.get(), 0);
    Cbc_setParameter(m.get(), "log", "0");
    Cbc_setParameter(m.get(), "slog", "0");
    Cbc_setParameter(m.get(), "threads", "0");
    Cbc_setParameter(m.get(), "timeMode", "elapsed");
    // CBC 2.10.8 can crash in CglPreProcess::postProcess when the search stops early (seen on the 1 M city).
    Cbc_setParameter(m.get(), "preprocess", "off");
    const double limit = std::max(0.05, o.time_limit_s);
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
    const double sense = p.maximise ? 1.0 : -1.0;  // > 0: larger is better
    const double* x = Cbc_bestSolution(m.get());
    if (x) {
        res.x.assign(x, x + p.cols());
        res.objective = objective_of(p, res.x);
    }
    if (!o.start.empty() && (res.x.empty() || sense * (objective_of(p, o.start) - res.objective) > 1e-9)) {
        res.x = o.start;
        res.objective = objective_of(p, o.start);
    }
    res.infeasible = Cbc_isProvenInfeasible(m.get()) && res.x.empty();
    res.optimal = Cbc_isProvenOptimal(m.get()) != 0 && !res.x.empty();
    res.bound = Cbc_getBestPossibleObjValue(m.get());
    if (res.x.empty()) {
        if (res.infeasible) return res;
        throw InternalError("CBC stopped without a solution (status " + std::to_string(Cbc_status(m.get())) + ")");
    }
    // CBC reports the bound in its own sense; a proven optimum has the bound of its value, and a bound
    // can never be worse than the solution it bounds.
    if (res.optimal || !std::isfinite(res.bound)) res.bound = res.optimal ? res.objective : sense * 1e300;
    if (sense * (res.bound - res.objective) < 0) res.bound = res.objective;
    return res;
}

}  // namespace hcgis::sites
