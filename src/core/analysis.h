// Shared state of one indicator run: the district index, where each point of each layer falls, and the
// built-up area. Indicator families read it; it computes each piece once, on first use.
#pragma once

#include "core/builtup.h"
#include "core/catalog.h"
#include "core/city.h"
#include "core/point_in_district.h"
#include "core/scorecard.h"
#include "core/walk_blocks.h"
#include "core/walk_graph.h"

#include <any>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace hcgis {

/// Choices a run makes beyond the project file.
struct ScorecardOptions {
    /// How walking coverage is measured: Auto (on the road network when the project has roads, else a
    /// straight line), Network (roads required) or Straight.
    ModeChoice coverage_mode = ModeChoice::Auto;
};

class Analysis {
public:
    /// Indexes the districts of `city`, which must outlive the Analysis.
    explicit Analysis(const City& city, ScorecardOptions options = {});

    const ScorecardOptions& options() const { return options_; }

    /// The walking graph of the roads layer (non-walkable classes left out), or nullptr without roads.
    const WalkGraph* walk_graph();
    /// Every resident point snapped to the walking graph (empty without roads or residents).
    const std::vector<Snap>& resident_snaps();
    /// Whether resident_snaps() has been computed (what is cheaper next depends on it).
    bool resident_snaps_ready() const { return snaps_ready_; }
    /// The resident points bucketed by block on the walking graph, for walking coverage decided per
    /// block (walk_blocks.h). Requires the walking graph and the residents layer. Built on first use
    /// without a lock: call it from the calling thread only (as the families that walk do), never from
    /// the second thread's families.
    const PointBlocks& resident_blocks();
    /// True when coverage is to be measured on the network (see ScorecardOptions::coverage_mode).
    /// Throws InputError when Network is asked for and there are no roads.
    bool network_mode();

    const City& city() const { return city_; }
    const DistrictIndex& index() const { return index_; }

    /// Computes, before the residents are in the City, all that the scorecard needs without them: the
    /// districts of every other point layer, the walking graph (unless coverage is straight), the
    /// districts' report, every family that never reads the residents (each into a scorecard of its
    /// own, as compute_scorecard() merges it) and each other family's own preparation
    /// (Family::prepare). For a caller that reads the residents meanwhile on another thread: it reads
    /// only City::districts, the layers in City::layers and the settings, never City::warnings or
    /// City::notes nor any layer added after it began. What fails here is left to compute_scorecard(),
    /// which computes it again and fails where it would have without this. Call it at most once, before
    /// any other call; the Analysis is then used as without it.
    void prepare();

    /// The families prepare() computed whole or kept a preparation of (by their first indicator's id), in
    /// the families' order: what the run did while its residents were read.
    std::vector<std::string> prepared_families() const;

    /// What a family's Family::prepare kept under `key` (its first indicator's id), or nullptr.
    template <class T>
    const T* prepared(const std::string& key) const {
        auto it = kept_.find(key);
        if (it == kept_.end()) return nullptr;
        const auto* kept = std::any_cast<std::shared_ptr<const T>>(&it->second);
        return kept ? kept->get() : nullptr;  // nullptr too for what was kept as another type
    }
    /// Keeps `value` under `key` for prepared() (from Family::prepare only).
    template <class T>
    void keep(const std::string& key, std::shared_ptr<const T> value) {
        kept_[key] = std::move(value);
    }

    /// District of every feature of the point layer `role` (DistrictIndex::outside where none). Safe to
    /// call from several threads at once (one call at a time computes).
    const std::vector<int>& district_of(const std::string& role);

    /// Built-up area per district (computed on first call).
    const BuiltUp& builtup();

    /// Weight of every resident point: its mapped population, or 1 each when none is mapped.
    const std::vector<double>& resident_weights();

    /// Per district, the sum of `weight(i)` over the features i of point layer `role` lying in it
    /// (one more entry at the end: the total over all districts).
    template <class Weight>
    std::vector<double> sum_points(const std::string& role, Weight weight) {
        const auto& where = district_of(role);
        std::vector<double> sums(city_.districts.size() + 1, 0.0);
        for (std::size_t i = 0; i < where.size(); ++i) {
            if (where[i] == DistrictIndex::outside) continue;
            const double w = weight(i);
            sums[static_cast<std::size_t>(where[i])] += w;
            sums.back() += w;
        }
        return sums;
    }

    /// sum_points() of two weights in one pass over the layer: {the sums of `a`, the sums of `b`}, each
    /// added up in the same order as sum_points() adds it, so each equals its sum_points() bit for bit.
    template <class WeightA, class WeightB>
    std::pair<std::vector<double>, std::vector<double>> sum_points(const std::string& role, WeightA a, WeightB b) {
        const auto& where = district_of(role);
        std::vector<double> sa(city_.districts.size() + 1, 0.0), sb(city_.districts.size() + 1, 0.0);
        for (std::size_t i = 0; i < where.size(); ++i) {
            if (where[i] == DistrictIndex::outside) continue;
            const auto d = static_cast<std::size_t>(where[i]);
            const double wa = a(i), wb = b(i);
            sa[d] += wa;
            sa.back() += wa;
            sb[d] += wb;
            sb.back() += wb;
        }
        return {std::move(sa), std::move(sb)};
    }

    /// Area (m²) of the union of polygon layer `role` (overlaps counted once) clipped to each district,
    /// with the total over all districts last.
    std::vector<double> union_area_by_district(const std::string& role);

    /// Length (m) of line layer `role` clipped to each district, with the total last.
    std::vector<double> length_by_district(const std::string& role);

    /// The accounting of every layer, and warnings for points outside every district and for
    /// facilities mapped twice at the same place.
    void report_layers(Scorecard& card);
    /// Warnings for districts that overlap (with the area and which district takes points there) and for
    /// gaps between them (with their area).
    void report_districts(Scorecard& card);

    /// The families computed by prepare() and the districts' report it made (analysis.cpp).
    struct Prepared;
    const Prepared* prepared_part() const { return prepared_.get(); }

private:
    const City& city_;
    DistrictIndex index_;
    std::map<std::string, std::vector<int>> assigned_;
    std::mutex assigned_mutex_;  // district_of() may be called from two threads (compute_scorecard)
    std::unique_ptr<BuiltUp> builtup_;
    const std::vector<double>* resident_weights_ = nullptr;  // the residents' population column, or unit_weights_
    std::vector<double> unit_weights_;
    ScorecardOptions options_;
    std::unique_ptr<WalkGraph> graph_;
    bool graph_ready_ = false;
    std::vector<Snap> resident_snaps_;
    bool snaps_ready_ = false;
    std::unique_ptr<PointBlocks> resident_blocks_;
    std::map<std::string, std::any> kept_;  // each a std::shared_ptr<const T> (keep())
    std::shared_ptr<Prepared> prepared_;
};

/// Computes every indicator the project's layers allow and holds each value against the catalog
/// (target, pass, gap). Indicators whose layers are missing are null with the reason
/// ("not computed: no toilets layer"), never zero.
Scorecard compute_scorecard(const City& city, const Catalog& catalog = Catalog(), ScorecardOptions options = {});

/// The same with an Analysis the caller keeps, so that what it built (walking graph, snapped residents,
/// point assignments) serves later work too: catchments, identify, site suggestion.
Scorecard compute_scorecard(Analysis& analysis, const Catalog& catalog);

/// A part of that scorecard: the indicators of the families that compute one of `only`, each valued and
/// assessed exactly as in the whole scorecard, and City's warnings and notes; no layer accounting and no
/// warnings about the districts (what a map of one indicator needs, at a fraction of the cost).
Scorecard compute_scorecard(Analysis& analysis, const Catalog& catalog, const std::vector<std::string>& only);

}  // namespace hcgis
