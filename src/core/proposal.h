// What a planner proposes: new sites of a facility kind (public toilets, fitness sites), each an
// existing facility of its kind once added. The one way proposed sites enter a computation is
// append_proposal (the CLI's --scenario); the what-if engine (core/whatif.h) must equal it.
#pragma once

#include "core/city.h"

#include <optional>
#include <string>
#include <vector>

namespace hcgis {

namespace sites {
struct SuggestResult;
}

struct ProposedSite {
    int id = 0;                 // stable within a Proposal (never reused after delete), set by WhatIf::add
    std::string role;           // "toilets" or "fitness" (proposable_roles())
    double x = 0, y = 0;        // working CRS
    std::optional<double> cls;  // class code (toilets: 1..4 as codes.h, fitness: its class code); nullopt: none
    std::string note;           // the explanation (from suggest), "" for a hand-placed site
};

struct Proposal {
    std::vector<ProposedSite> sites;  // in id order
    std::string note;                 // the planner's note for the scenario
};

/// The roles a site may be proposed for: {"toilets", "fitness"}.
const std::vector<std::string>& proposable_roles();

/// True when `role` is one of proposable_roles().
bool is_proposable(const std::string& role);

/// The class code a site of `role` counts with in a layer that maps classes: its own, or without one
/// the kind's default (toilets: class III, as for an existing toilet without a class; fitness: a small
/// fitness point, 300 m). A layer that maps no class ignores the site's class, as for existing ones.
double class_or_default(const std::string& role, const std::optional<double>& cls);

/// True when `cls` is a class code of `role` (toilets 1..4, fitness 1..3).
bool valid_class(const std::string& role, double cls);

/// Appends the sites to the city's layers (creating a layer that is missing, with a class field when some
/// site of its kind has a class), as existing facilities of the kind: feature id = site id, class as
/// above, other numeric fields 0 (no staffed cleaners), text fields "". Throws UsageError on a role that
/// is not proposable.
void append_proposal(City& city, const Proposal& proposal);

/// The same for one layer of the role: appends the proposal's sites of `layer.role`.
void append_sites(Layer& layer, const Proposal& proposal);

/// The sites of a suggestion (hcgis suggest) as a proposal, ids 1, 2 … in rank order, each with its
/// explanation and the class the suggestion assumed it to be (toilets: class III where the layer maps
/// classes; fitness: a small fitness point where the layer maps classes), so that the indicators count it
/// as the suggestion did.
Proposal proposal_of(const sites::SuggestResult& result, const City& city);

}  // namespace hcgis
