// The scorecard as the command line prints it: JSON (DESIGN.md), CSV (UTF-8 with BOM, for Excel) and an
// aligned Chinese table.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"

#include <nlohmann/json.hpp>

#include <string>

namespace hcgis::io {

/// The JSON document of `hcgis indicators --format json`.
nlohmann::json scorecard_json(const City& city, const Scorecard& card, const Catalog& catalog);

/// The same document as text: the bytes of scorecard_json(city, card, catalog).dump(2) + "\n", written
/// straight into one string without building the tree (src/io/scorecard_json.cpp). Throws what that dump
/// throws for a string that is not UTF-8.
std::string scorecard_json_text(const City& city, const Scorecard& card, const Catalog& catalog);

/// One row per district and indicator, with a header; starts with a UTF-8 byte order mark.
std::string scorecard_csv(const City& city, const Scorecard& card, const Catalog& catalog);

/// A block per district (and the total): indicator, value, target, ✓/✗, plan item, responsible unit;
/// then the layer accounting and the warnings.
std::string scorecard_table(const City& city, const Scorecard& card, const Catalog& catalog);

/// A value's reason in the report's language ("未计算：缺少公厕图层 (toilets)").
std::string reason_zh(const Reason& reason);


/// Columns a terminal gives `utf8` (CJK and full-width characters take two).
std::size_t display_width(std::string_view utf8);

/// `v` as a report shows it in the indicator's unit: a ratio as a percentage, a count without decimals.
std::string format_value(double v, Unit unit);
/// The same in the unit of `def`, or with two decimals for an indicator the catalog lacks (null).
std::string format_value(double v, const IndicatorDef* def);

/// The target that `v` was held against, as a report shows it ("≥ 5", "≥ 90 %"), or "—" without one.
std::string target_text(const IndicatorDef* def, const Value& v);

}  // namespace hcgis::io
