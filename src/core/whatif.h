// Live indicators for a changing proposal: the scorecard of the city as it is (现状) and with every
// proposed site added (方案), kept up to date edit by edit.
//
// An edit touches only what the site reaches: for fitness (the 10-minute coverage and its elderly
// variant, per-class budgets) each resident keeps a count of the sites covering it, and a bounded search
// from the site (old and new position; on the walking network, or the straight-line grid in straight
// mode) changes those counts and the per-district covered sums by difference. Toilets change the tallies
// of the district the site falls in (and whether it lies in the built-up area). after() equals
// append_proposal + compute_scorecard of the same sites (tests/core/test_whatif.cpp).
#pragma once

#include "core/analysis.h"
#include "core/catalog.h"
#include "core/proposal.h"
#include "core/scorecard.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hcgis {

class WhatIf {
public:
    /// `analysis` (of the city without proposals; both must outlive this) and the catalog the scorecard is held to.
    WhatIf(Analysis& analysis, const Catalog& catalog);
    ~WhatIf();
    WhatIf(const WhatIf&) = delete;
    WhatIf& operator=(const WhatIf&) = delete;

    const Scorecard& before() const;  // 现状, assessed (target, pass, gap)
    /// 方案: with every proposed site, assessed; updated by each edit (every indicator and the layers'
    /// accounting; the warnings and notes stay those of before()).
    const Scorecard& after() const;

    /// Adds a site (its id is ignored and set); returns the new id. Throws UsageError on a role that is
    /// not proposable or a class that is not one of the kind.
    int add(ProposedSite site);
    void move(int id, double x, double y);
    void set_class(int id, std::optional<double> cls);
    void remove(int id);
    /// Throws the UsageError add(), move(), set_class() and restore() would for `site` (its role, class and
    /// coordinates), without changing anything: an undo command checks its edit before it is pushed.
    void check(const ProposedSite& site) const;
    /// Puts back a removed site with its id (for undo). Throws UsageError when the id is in use.
    void restore(const ProposedSite& site);
    void clear();
    void set_proposal(const Proposal& p);  // replaces everything (open a scenario)
    const Proposal& proposal() const;
    /// The site `id`, or nullptr.
    const ProposedSite* site(int id) const;

    /// Indicator ids whose value changed in any area by the last edit.
    const std::vector<std::string>& last_changed() const;

    /// Per resident point: its weight where no facility of `role` ("fitness": the 10-minute walk with the
    /// class budgets; "toilets": the toilet radius) covers it with the proposal, 0 where covered — the
    /// "where to build" surface.
    std::vector<double> uncovered(const std::string& role) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace hcgis
