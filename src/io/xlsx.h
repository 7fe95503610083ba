// The scorecard as an Excel workbook (GDAL's XLSX driver): a sheet 评估 with a row per district and the
// total and, per indicator, its value, target and standing; a sheet 任务清单 with the responsible units'
// tasks; a sheet 图层统计 with the accounting of every layer. Numbers are written as numbers.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/output.h"

namespace hcgis::io {

/// Writes the workbook into destination `i` of `outs` (its extension .xlsx). Throws OutputError.
void write_scorecard_xlsx(AtomicOutputs& outs, std::size_t i, const City& city, const Scorecard& card, const Catalog& catalog);

/// The column headers of an indicator in the 评估 sheet: value, target, standing ("人均公园绿地面积（m²/人）",
/// "… 目标", "… 达标"). A ratio's value is written as a fraction (0.9 = 90 %) and its header says so.
std::vector<std::string> xlsx_columns(const IndicatorDef& def);

}  // namespace hcgis::io
