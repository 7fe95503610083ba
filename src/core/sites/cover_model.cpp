#include "core/sites/cover_model.h"

#include "core/parallel.h"

#include <algorithm>
#include <numeric>

namespace hcgis::sites {
namespace {

/// Items (residents, or rows) each with a sorted list of columns and a weight, in CSR.
struct Lists {
    std::vector<std::int32_t> start{0}, cols;
    std::vector<double> weight;
    std::vector<std::int32_t> first;  // the lowest resident an item stands for (orders the rows)
    std::size_t size() const { return weight.size(); }
    std::span<const std::int32_t> of(std::size_t i) const {
        return {cols.data() + start[i], static_cast<std::size_t>(start[i + 1] - start[i])};
    }
};

/// Below this many items (residents, rows) a pass runs on one thread.
constexpr std::size_t parallel_below = 1 << 15;

std::uint64_t hash_of(std::span<const std::int32_t> v) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::int32_t c : v) h = (h ^ static_cast<std::uint32_t>(c)) * 1099511628211ull;
    return h;
}

/// Merges the items with the same column list into one, summing their weights (in item order); drops
/// empty lists. The merged items are ordered by the lowest resident they hold. Items come ordered by
/// `first` (residents by index; rows as merge_equal leaves them), so sorting (hash, index) pairs groups
/// equal lists with their lowest item first; lists that only share a hash are told apart in the run.
Lists merge_equal(const Lists& in) {
    using Key = std::pair<std::uint64_t, std::int32_t>;
    // Hashed and sorted in pieces on every core, then merged: the (hash, index) keys are distinct, so the
    // order is that of one sort of them all, whatever the pieces.
    const std::size_t pieces = in.size() < parallel_below ? 1 : core_count();
    std::vector<std::vector<Key>> sorted(pieces);
    parallel_for(pieces, 2, [&](std::size_t b, std::size_t e) {
        for (std::size_t p = b; p < e; ++p) {
            auto& mine = sorted[p];
            const std::size_t lo = in.size() * p / pieces, hi = in.size() * (p + 1) / pieces;
            mine.reserve(hi - lo);
            for (std::size_t i = lo; i < hi; ++i)
                if (in.start[i + 1] != in.start[i]) mine.emplace_back(hash_of(in.of(i)), static_cast<std::int32_t>(i));
            std::sort(mine.begin(), mine.end());
        }
    });
    std::vector<Key> order;
    if (pieces == 1) {
        order = std::move(sorted[0]);
    } else {
        std::size_t total = 0;
        for (const auto& v : sorted) total += v.size();
        order.reserve(total);
        for (auto& v : sorted) {
            const auto mid = static_cast<std::ptrdiff_t>(order.size());
            order.insert(order.end(), v.begin(), v.end());
            std::inplace_merge(order.begin(), order.begin() + mid, order.end());
            v = {};
        }
    }
    // Groups: each group's representative is its lowest item. In pieces cut between runs of one hash, a
    // run as one pass would take it (its weights summed in the same order).
    std::vector<std::size_t> at{0};
    for (std::size_t p = 1; p < pieces; ++p) {
        std::size_t pos = std::max(at.back(), order.size() * p / pieces);
        while (pos > 0 && pos < order.size() && order[pos].first == order[pos - 1].first) ++pos;
        at.push_back(pos);
    }
    at.push_back(order.size());
    std::vector<std::vector<std::int32_t>> reps(pieces);
    std::vector<std::vector<double>> sums(pieces);
    parallel_for(pieces, 2, [&](std::size_t pb, std::size_t pe) {
        for (std::size_t p = pb; p < pe; ++p) {
            auto& rep = reps[p];
            auto& sum = sums[p];
            for (std::size_t k = at[p]; k < at[p + 1];) {
                std::size_t end = k;
                while (end < at[p + 1] && order[end].first == order[k].first) ++end;
                const std::size_t base = rep.size();
                for (std::size_t x = k; x < end; ++x) {
                    const auto i = static_cast<std::size_t>(order[x].second);
                    std::size_t g = base;
                    while (g < rep.size() && !std::ranges::equal(in.of(static_cast<std::size_t>(rep[g])), in.of(i))) ++g;
                    if (g == rep.size()) {
                        rep.push_back(order[x].second);
                        sum.push_back(0.0);
                    }
                    sum[g] += in.weight[i];
                }
                k = end;
            }
        }
    });
    order = {};
    // Ordered by their lowest resident: items come ordered by `first`, so by the representative's index.
    std::vector<double> weight_of(in.size(), -1.0);  // per representative: its group's weight
    for (std::size_t p = 0; p < pieces; ++p)
        for (std::size_t g = 0; g < reps[p].size(); ++g) weight_of[static_cast<std::size_t>(reps[p][g])] = sums[p][g];
    Lists out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (weight_of[i] < 0) continue;
        const auto l = in.of(i);
        out.cols.insert(out.cols.end(), l.begin(), l.end());
        out.start.push_back(static_cast<std::int32_t>(out.cols.size()));
        out.weight.push_back(weight_of[i]);
        out.first.push_back(in.first[i]);
    }
    return out;
}

/// For every column (0 .. ncols), the items whose list holds it, ascending.
void transpose(const Lists& rows, std::size_t ncols, std::vector<std::int32_t>& start, std::vector<std::int32_t>& items) {
    start.assign(ncols + 1, 0);
    for (std::int32_t c : rows.cols) ++start[static_cast<std::size_t>(c) + 1];
    for (std::size_t c = 0; c < ncols; ++c) start[c + 1] += start[c];
    items.resize(rows.cols.size());
    std::vector<std::int32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::int32_t c : rows.of(r)) items[static_cast<std::size_t>(fill[static_cast<std::size_t>(c)]++)] = static_cast<std::int32_t>(r);
}

/// Marks the candidates whose rows are a subset of another kept candidate's (of two with the same rows
/// the larger tie_break, then the lower index, stays). Valid only without spacing conflicts.
std::vector<std::uint8_t> dominated(const Lists& rows, std::size_t ncols, std::span<const double> tie) {
    std::vector<std::int32_t> start, items;
    transpose(rows, ncols, start, items);
    auto rows_of = [&](std::size_t c) {
        return std::span<const std::int32_t>(items.data() + start[c], static_cast<std::size_t>(start[c + 1] - start[c]));
    };
    auto better = [&](std::size_t k, std::size_t j) {
        const double tk = tie.empty() ? 0.0 : tie[k], tj = tie.empty() ? 0.0 : tie[j];
        return tk != tj ? tk > tj : k < j;
    };
    std::vector<std::uint8_t> out(ncols, 0);
    for (std::size_t j = 0; j < ncols; ++j) {
        const auto mine = rows_of(j);
        if (mine.empty()) continue;
        // Only a column reaching j's least-reached row can dominate j.
        std::int32_t pivot = mine.front();
        for (std::int32_t r : mine)
            if (rows.start[static_cast<std::size_t>(r) + 1] - rows.start[static_cast<std::size_t>(r)] <
                rows.start[static_cast<std::size_t>(pivot) + 1] - rows.start[static_cast<std::size_t>(pivot)])
                pivot = r;
        for (std::int32_t kc : rows.of(static_cast<std::size_t>(pivot))) {
            const auto k = static_cast<std::size_t>(kc);
            if (k == j || out[k]) continue;
            const auto theirs = rows_of(k);
            if (theirs.size() < mine.size() || (theirs.size() == mine.size() && !better(k, j))) continue;
            if (std::includes(theirs.begin(), theirs.end(), mine.begin(), mine.end())) {
                out[j] = 1;
                break;
            }
        }
    }
    return out;
}

/// Keeps only the columns `keep`, renumbered through `local`.
Lists restrict_columns(const Lists& in, const std::vector<std::int32_t>& local) {
    Lists out;
    out.weight = in.weight;
    out.first = in.first;
    for (std::size_t i = 0; i < in.size(); ++i) {
        for (std::int32_t c : in.of(i))
            if (local[static_cast<std::size_t>(c)] >= 0) out.cols.push_back(local[static_cast<std::size_t>(c)]);
        out.start.push_back(static_cast<std::int32_t>(out.cols.size()));
    }
    return out;
}

std::int32_t find(std::vector<std::int32_t>& parent, std::int32_t x) {
    while (parent[static_cast<std::size_t>(x)] != x) {
        parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
        x = parent[static_cast<std::size_t>(x)];
    }
    return x;
}

void label_components(CoverModel& m) {
    std::vector<std::int32_t> parent(m.cols());
    std::iota(parent.begin(), parent.end(), 0);
    auto unite = [&](std::int32_t a, std::int32_t b) {
        a = find(parent, a);
        b = find(parent, b);
        if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
    };
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (auto q = m.row_start[r] + 1; q < m.row_start[r + 1]; ++q)
            unite(m.row_cols[static_cast<std::size_t>(m.row_start[r])], m.row_cols[static_cast<std::size_t>(q)]);
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (std::int32_t k : m.conflicts[j]) unite(static_cast<std::int32_t>(j), k);
    std::vector<std::int32_t> first_of_group;
    for (std::size_t j = 0; j < m.cols(); ++j) {
        if (m.group[j] < 0) continue;
        const auto g = static_cast<std::size_t>(m.group[j]);
        if (g >= first_of_group.size()) first_of_group.resize(g + 1, -1);
        if (first_of_group[g] < 0) first_of_group[g] = static_cast<std::int32_t>(j);
        else unite(first_of_group[g], static_cast<std::int32_t>(j));
    }
    m.component.assign(m.cols(), -1);
    std::vector<std::int32_t> id(m.cols(), -1);
    for (std::size_t j = 0; j < m.cols(); ++j) {
        auto& c = id[static_cast<std::size_t>(find(parent, static_cast<std::int32_t>(j)))];
        if (c < 0) c = m.components++;
        m.component[j] = c;
    }
}

}  // namespace

CoverModel build_cover_model(const CoverModelInput& in) {
    const CoverageSets& sets = *in.sets;
    const std::size_t ncand = sets.covers.size(), nres = in.weights.size();
    auto allowed = [&](std::size_t j) { return in.allowed.empty() || in.allowed[j]; };
    auto open = [&](std::size_t r) { return in.weights[r] > 0 && (in.already.empty() || !in.already[r]); };

    // Each open resident's allowed candidates (ascending, as candidates are visited in order).
    Lists residents;
    // On every core, each a range of residents (the covers are ascending): the same lists as one pass.
    auto each_cover = [&](std::size_t b, std::size_t e, auto&& f) {
        for (std::size_t j = 0; j < ncand; ++j) {
            if (!allowed(j)) continue;
            const auto& cover = sets.covers[j];
            for (auto it = std::lower_bound(cover.begin(), cover.end(), static_cast<std::int32_t>(b));
                 it != cover.end() && static_cast<std::size_t>(*it) < e; ++it)
                if (open(static_cast<std::size_t>(*it))) f(static_cast<std::size_t>(*it), j);
        }
    };
    residents.start.assign(nres + 1, 0);
    parallel_for(nres, parallel_below, [&](std::size_t b, std::size_t e) {
        each_cover(b, e, [&](std::size_t r, std::size_t) { ++residents.start[r + 1]; });
    });
    for (std::size_t r = 0; r < nres; ++r) residents.start[r + 1] += residents.start[r];
    residents.cols.resize(static_cast<std::size_t>(residents.start[nres]));
    {
        std::vector<std::int32_t> fill(residents.start.begin(), residents.start.end() - 1);
        parallel_for(nres, parallel_below, [&](std::size_t b, std::size_t e) {
            each_cover(b, e, [&](std::size_t r, std::size_t j) {
                residents.cols[static_cast<std::size_t>(fill[r]++)] = static_cast<std::int32_t>(j);
            });
        });
    }
    residents.weight.assign(in.weights.begin(), in.weights.end());
    residents.first.resize(nres);
    std::iota(residents.first.begin(), residents.first.end(), 0);

    CoverModel m;
    for (std::size_t r = 0; r < nres; ++r)
        if (residents.start[r + 1] > residents.start[r]) ++m.residents;
    Lists rows = merge_equal(residents);
    residents = Lists{};

    // Columns: allowed candidates reaching some row and not dominated.
    bool any_conflict = false;
    if (in.conflicts)
        for (const auto& c : *in.conflicts) any_conflict |= !c.empty();
    std::vector<std::uint8_t> drop(ncand, 0);
    if (!any_conflict) drop = dominated(rows, ncand, in.tie_break);
    std::vector<std::uint8_t> reaches(ncand, 0);
    for (std::int32_t c : rows.cols) reaches[static_cast<std::size_t>(c)] = 1;
    std::vector<std::int32_t> local(ncand, -1);
    for (std::size_t j = 0; j < ncand; ++j) {
        if (!reaches[j]) continue;
        if (drop[j]) {
            ++m.dominated;
            continue;
        }
        local[j] = static_cast<std::int32_t>(m.column.size());
        m.column.push_back(static_cast<std::int32_t>(j));
        m.group.push_back(in.group.empty() ? -1 : in.group[j]);
        m.tie.push_back(in.tie_break.empty() ? 0.0 : in.tie_break[j]);
    }
    // Rows whose columns were dropped may now be equal: merge again.
    rows = merge_equal(restrict_columns(rows, local));
    m.weight = rows.weight;
    m.row_start = rows.start;
    m.row_cols = rows.cols;
    transpose(rows, m.cols(), m.col_start, m.col_rows);
    m.weight_total = std::accumulate(m.weight.begin(), m.weight.end(), 0.0);
    m.conflicts.resize(m.cols());
    if (any_conflict)
        for (std::size_t l = 0; l < m.cols(); ++l)
            for (std::int32_t k : (*in.conflicts)[static_cast<std::size_t>(m.column[l])])
                if (local[static_cast<std::size_t>(k)] >= 0) m.conflicts[l].push_back(local[static_cast<std::size_t>(k)]);
    label_components(m);
    return m;
}

}  // namespace hcgis::sites
