// The report's tables beside its districts, for a database (PostGIS): the whole area's scorecard, the
// responsible units' task list and the layers' accounting, as attribute tables with ASCII column names a
// platform queries (the workbook of io/xlsx.h holds the same with Chinese headers, for people).
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/gdal_sink.h"

#include <string>

namespace hcgis::io {

/// A row per indicator of the whole area: indicator (id), name, unit, value, target, pass, gap, plan,
/// responsible (null where there is none).
void write_total_table(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog,
                       const std::string& name);

/// A row per task of a responsible unit (unit, indicator, name, district, district_code, amount,
/// amount_unit, gap, plan); a unit without failing indicators is one row with status 已达标.
void write_tasks_table(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog,
                       const std::string& name);

/// A row per layer: role, role_zh, source, read, in_district, outside, rejected, crs.
void write_layers_table(GdalSink& sink, const City& city, const Scorecard& card, const std::string& name);

}  // namespace hcgis::io
