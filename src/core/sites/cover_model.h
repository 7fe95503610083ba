// The covering model an exact solver works on, shrunk before solving: residents that the same candidates
// reach become one demand row weighted by their population; residents served already or reached by no
// allowed candidate leave the model; candidates that reach nobody new, and (without spacing conflicts)
// candidates whose rows are a subset of another's, are dropped; the columns fall into components that
// share no row and no conflict, so a solver may take them one by one where the objective allows.
#pragma once

#include "core/sites/coverage_sets.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis::sites {

struct CoverModel {
    std::vector<std::int32_t> column;      // candidate index of each column
    std::vector<std::int32_t> group;       // each column's group (-1 without groups)
    std::vector<double> tie;               // each column's tie_break (0 without)
    std::vector<double> weight;            // each demand row's weight
    std::vector<std::int32_t> row_start;   // CSR: the columns reaching row i are row_cols[row_start[i] .. row_start[i+1])
    std::vector<std::int32_t> row_cols;
    std::vector<std::int32_t> col_start;   // CSR: the rows column j reaches
    std::vector<std::int32_t> col_rows;
    std::vector<std::vector<std::int32_t>> conflicts;  // per column: columns that may not be chosen with it
    std::vector<std::int32_t> component;   // per column: its component, 0 .. components-1
    int components = 0;
    std::size_t residents = 0;             // resident points the rows stand for
    std::size_t dominated = 0;             // candidates dropped as dominated by another
    double weight_total = 0;               // all the rows' weight

    std::size_t rows() const { return weight.size(); }
    std::size_t cols() const { return column.size(); }
};

struct CoverModelInput {
    const CoverageSets* sets = nullptr;
    std::span<const double> weights;          // per resident
    std::span<const std::uint8_t> already;    // per resident: served already (leaves the model); may be empty
    std::span<const std::uint8_t> allowed;    // per candidate; empty = all
    /// conflicts[j]: candidates that may not be chosen with j (symmetric); nullptr = none.
    const std::vector<std::vector<std::int32_t>>* conflicts = nullptr;
    std::span<const double> tie_break;        // of two candidates reaching the same rows the larger is kept
    std::span<const std::int32_t> group;      // per candidate: one group (a quota) is one component; may be empty
};

/// Builds the shrunk model. Deterministic: rows are ordered by their first resident, columns by candidate.
CoverModel build_cover_model(const CoverModelInput& in);

}  // namespace hcgis::sites
