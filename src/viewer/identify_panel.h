// The identify panel: what lies under a click on the map, a point feature of a visible layer with its
// attributes (a resident also with its walk to the nearest fitness site), else the district with its
// indicators, pass or fail and the gap.
#pragma once

#include "core/analysis.h"
#include "core/catalog.h"
#include "core/coverage_map.h"
#include "core/proposal.h"
#include "core/scorecard.h"
#include "render/map_renderer.h"

#include <QPointF>
#include <QTextBrowser>

#include <optional>

namespace hcgis::viewer {

class IdentifyPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit IdentifyPanel(QWidget* parent = nullptr);

    /// What the panel describes: the city of `analysis`, its `card` with the names of `catalog`, the
    /// layers `renderer` shows. None is owned; all must outlive the panel or be replaced first; null
    /// `analysis` makes the panel describe nothing.
    void set_project(Analysis* analysis, const Scorecard* card, const Catalog* catalog,
                     const render::MapRenderer* renderer);
    /// Describes the point feature of a visible layer nearest to world point `at` within `tolerance`
    /// metres; false, the panel unchanged, when there is none.
    bool show_feature(QPointF at, double tolerance);
    /// With a proposal, districts are described with its figures too (现状 → 方案); null: as they are. Not
    /// owned; to outlive the panel or be replaced first.
    void set_after(const Scorecard* after) { after_ = after; }
    /// Describes proposed site `s` of the workbench: its kind, class, place, district and the explanation
    /// of a suggested site.
    void show_site(const ProposedSite& s);
    /// Describes district `d`, or says that nothing is here for -1.
    void show_district(int d);

private:
    /// Metres walked from resident `i` to the nearest fitness site (infinite beyond reach), computed once.
    double walk_to_fitness(std::size_t i);

    Analysis* analysis_ = nullptr;
    const Scorecard* card_ = nullptr;
    const Scorecard* after_ = nullptr;
    const Catalog* catalog_ = nullptr;
    const render::MapRenderer* renderer_ = nullptr;
    std::optional<CoverageMap> fitness_cover_;  // each resident's walk to fitness, once asked for
};

}  // namespace hcgis::viewer
