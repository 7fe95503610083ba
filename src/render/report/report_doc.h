// The assessment report as data: the words and tables the command line fills from the scorecard (through
// io's formatting), and the maps to draw. render/report/report_pdf.h turns it into a paginated PDF.
#pragma once

#include "render/layout.h"
#include "render/thematic.h"

#include <optional>
#include <string>
#include <vector>

namespace hcgis::render {

/// A cell's standing, which colours it.
enum class Mark { None, Pass, Fail };

/// A table that splits across pages with its header repeated. Column widths are relative.
struct ReportTable {
    std::vector<std::string> header;
    std::vector<double> widths;
    std::vector<std::vector<std::string>> rows;
    std::vector<Mark> marks;  // per row (may be empty): colours the row's mark column
    int mark_column = -1;     // the column marks colour, or -1
    bool compact = false;     // smaller type and padding, for a page that holds a map too
};

/// One block of a section: a heading, a paragraph or a table, in order.
struct ReportBlock {
    enum class Kind { Heading, Paragraph, Table } kind = Kind::Paragraph;
    std::string text;
    ReportTable table;
};

/// The map of a district page: the district zoomed with a margin, the neighbours under a grey veil, the
/// layers of `roles` drawn (the facilities of its failing indicators).
struct DistrictMap {
    std::size_t district = 0;
    std::vector<std::string> roles;
};

/// A chapter or a section; starts on a new page, but for a section right after a chapter without blocks.
/// A district's section has its map first.
struct ReportSection {
    std::string title;
    std::vector<ReportBlock> blocks;
    std::optional<DistrictMap> map;
    int level = 1;  // 1: a chapter; 2: a section of the chapter before (the first shares its page)
};

/// An indicator's map sheet (the layout of `hcgis map`).
struct ReportSheet {
    std::string toc_title;
    Thematic thematic;
    std::vector<std::string> roles;
    LayoutText text;
};

struct ReportDoc {
    std::string title;      // 连云港经济技术开发区
    std::string subtitle;   // 健康城市建设评估报告
    std::string date;       // 2026年12月1日
    std::vector<std::pair<std::string, std::string>> cover_facts;  // 数据来源 …, 工作坐标系 …, 审图号 …
    std::string running_header;
    std::vector<ReportSection> sections;
    std::string sheets_title;          // the chapter of the indicator maps
    std::vector<ReportSheet> sheets;
};

}  // namespace hcgis::render
