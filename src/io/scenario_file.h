// Scenarios of the planning workbench: a proposal (core/proposal.h) saved as a GeoPackage and read back.
//
// The file holds a point layer per facility kind, `proposed_toilets` and `proposed_fitness`, in the
// working CRS, with the fields `id` (integer, the site's id), `class` (integer class code of codes.h, null
// for none) and `note` (the explanation); and an attribute table `hcgis_scenario` of one row: `project`
// (the project's name), `created` (ISO date), `note` (the planner's) and `crs` (the CRS of the sites).
// `hcgis suggest --out FILE.gpkg` writes the same layers and table beside its own, so its output opens as
// a scenario.
#pragma once

#include "core/city.h"
#include "core/proposal.h"

#include <filesystem>
#include <string>
#include <vector>

namespace hcgis::io {

class GdalSink;
class AtomicOutputs;

struct ScenarioMeta {
    std::string project;  // the project the sites were proposed for (City::name)
    std::string created;  // ISO date, "2026-12-01"; "" when writing: today (UTC)
    std::string note;     // the planner's note ("" takes the proposal's)
    std::string crs;      // the CRS the sites are in: the working CRS ("EPSG:4549")
};

/// The metadata a scenario for `city` carries: its name and working CRS, today.
ScenarioMeta scenario_meta(const City& city, const std::string& note = {});

/// Writes `proposal` to the GeoPackage `out` (extension .gpkg), replacing it atomically (io/output.h).
/// Throws OutputError when it cannot be written; the old file, if any, is then as it was.
void write_scenario(const std::filesystem::path& out, const Proposal& proposal, const ScenarioMeta& meta);

/// The scenario's layers and table into a GeoPackage being written (suggest's output).
void write_scenario_layers(GdalSink& sink, const Proposal& proposal, const ScenarioMeta& meta);

/// Reads the scenario `file` for `city`, by the loader's rules: sites in another CRS are reprojected to
/// the working CRS (said in `notes`); a site outside every district is kept (counted outside, as for
/// existing facilities) with a warning naming the file, layer and feature; a scenario whose metadata names
/// another project is read with a warning naming both. Sites without an id get the next free ones.
/// Throws InputError naming the file, the layer, the feature and the field on a geometry that is not one
/// finite point, a class that is not one of the kind, an id used twice, a file without either layer.
Proposal read_scenario(const std::filesystem::path& file, const City& city, std::vector<std::string>* warnings = nullptr,
                       std::vector<std::string>* notes = nullptr);

/// The metadata table of the scenario `file` (fields left "" where it has none). Throws InputError when
/// the file does not open.
ScenarioMeta read_scenario_meta(const std::filesystem::path& file);

/// Writes the proposal's sites as one GeoJSON layer (RFC 7946: WGS 84) for the platform: a point per site
/// with `id`, `facility` (toilets, fitness), `class` and `note`; `city` gives the working CRS. Replaces
/// `out` atomically. Throws OutputError.
void write_proposal_geojson(const City& city, const Proposal& proposal, const std::filesystem::path& out);
/// The same into destination `i` of `outs`, which the caller commits.
void write_proposal_geojson(AtomicOutputs& outs, std::size_t i, const City& city, const Proposal& proposal);

}  // namespace hcgis::io
