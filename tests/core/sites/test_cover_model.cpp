// The shrunk covering model on an instance large enough for its passes to run on every core, against a
// model built independently (an ordered map from each resident's candidate list to its weight).
#include "core/sites/cover_model.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using namespace hcgis::sites;

TEST_CASE("the shrunk model of a large instance equals one built by a map of candidate lists", "[cover_model]") {
    const int candidates = 30000, residents = 180000;
    std::mt19937 rng(11);
    CoverageSets sets;
    // Candidates reach a window of residents, a few residents far off as well.
    std::uniform_int_distribution<int> centre(0, residents - 1), width(1, 30), skip(0, 2), weight(1, 9), coin(0, 19);
    for (int j = 0; j < candidates; ++j) {
        std::vector<std::int32_t> c;
        const int at = centre(rng), w = width(rng);
        // Residents come in threes that the same candidates reach (most lists stand for several residents).
        for (int b = std::max(0, at - w) / 3; b < std::min(residents, at + w) / 3; ++b)
            if (skip(rng) != 0)
                for (int r = 3 * b; r < 3 * b + 3; ++r) c.push_back(r);
        if (coin(rng) == 0) c.push_back(centre(rng));
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        sets.covers.push_back(c);
    }
    std::vector<double> w(residents);
    std::vector<std::uint8_t> already(residents), allowed(candidates);
    for (int r = 0; r < residents; ++r) {
        w[static_cast<std::size_t>(r)] = coin(rng) == 0 ? 0.0 : weight(rng);
        already[static_cast<std::size_t>(r)] = coin(rng) < 3;
    }
    for (int j = 0; j < candidates; ++j) allowed[static_cast<std::size_t>(j)] = coin(rng) != 0;
    // A conflict keeps every candidate (no dominance): the rows are the distinct lists alone.
    std::vector<std::vector<std::int32_t>> conflicts(candidates);
    conflicts[0] = {1};
    conflicts[1] = {0};

    CoverModelInput mi;
    mi.sets = &sets;
    mi.weights = w;
    mi.already = already;
    mi.allowed = allowed;
    mi.conflicts = &conflicts;
    const CoverModel m = build_cover_model(mi);

    // Independently: each open resident's allowed candidates, the lists merged through a map.
    std::vector<std::vector<std::int32_t>> of(residents);
    for (int j = 0; j < candidates; ++j)
        if (allowed[static_cast<std::size_t>(j)])
            for (std::int32_t r : sets.covers[static_cast<std::size_t>(j)]) of[static_cast<std::size_t>(r)].push_back(j);
    std::map<std::vector<std::int32_t>, std::pair<int, double>> lists;  // list -> (first resident, weight)
    std::size_t open = 0;
    for (int r = 0; r < residents; ++r) {
        const auto& l = of[static_cast<std::size_t>(r)];
        if (l.empty() || w[static_cast<std::size_t>(r)] <= 0 || already[static_cast<std::size_t>(r)]) continue;
        ++open;
        auto [it, added] = lists.try_emplace(l, r, 0.0);
        it->second.second += w[static_cast<std::size_t>(r)];
    }
    std::vector<std::pair<int, std::vector<std::int32_t>>> rows;
    std::vector<std::int32_t> used;
    for (const auto& [l, fw] : lists) {
        rows.emplace_back(fw.first, l);
        used.insert(used.end(), l.begin(), l.end());
    }
    std::sort(rows.begin(), rows.end());
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());

    REQUIRE(rows.size() > 40000);  // large enough for the passes on every core (residents and rows)
    CHECK(m.residents == open);
    CHECK(m.dominated == 0);
    REQUIRE(m.column == used);
    REQUIRE(m.rows() == rows.size());
    double total = 0;
    bool same = true;
    for (std::size_t i = 0; i < rows.size() && same; ++i) {
        const auto& [first, l] = rows[i];
        same = m.weight[i] == lists.at(l).second;
        std::vector<std::int32_t> cols;
        for (auto q = m.row_start[i]; q < m.row_start[i + 1]; ++q) cols.push_back(m.column[static_cast<std::size_t>(m.row_cols[static_cast<std::size_t>(q)])]);
        same = same && cols == l;
        total += m.weight[i];
    }
    CHECK(same);
    CHECK(m.weight_total == total);
    // The column-wise copy holds the same entries.
    std::size_t entries = 0;
    bool held = true;
    for (std::size_t j = 0; j < m.cols(); ++j)
        for (auto q = m.col_start[j]; q < m.col_start[j + 1]; ++q) {
            const auto r = static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)]);
            held = held && std::binary_search(m.row_cols.begin() + m.row_start[r], m.row_cols.begin() + m.row_start[r + 1], static_cast<std::int32_t>(j));
            ++entries;
        }
    CHECK(held);
    CHECK(entries == m.row_cols.size());
}
