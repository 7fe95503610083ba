// Proposed sites on the map (the planning workbench): the planner's new toilets and fitness sites, drawn
// hollow in their class colour with a ring round them, so they stand apart from the existing sites (filled
// symbols) on screen and on paper; and their legend group.
#pragma once

#include "core/proposal.h"
#include "render/legend.h"

#include <QPointF>
#include <QRectF>
#include <QTransform>

#include <optional>
#include <string>
#include <vector>

class QPainter;

namespace hcgis::render {

/// One proposed site as the map draws it.
struct ProposedMark {
    QPointF at;                 // working CRS
    std::string role;           // "toilets" or "fitness"
    std::optional<double> cls;  // class code (core/codes.h), nullopt: the unclassified symbol
    bool selected = false;      // the site being edited: drawn larger
};

/// The sites of `proposal` as marks, none selected: what `hcgis map` and `report --scenario` draw.
std::vector<ProposedMark> proposed_marks(const Proposal& proposal);

/// Draws `marks` that fall in `frame` (device coordinates; `t` maps world to device and `p`'s own
/// transform must be the device's), each `size_mm` wide: a white shape of its class with a thick outline
/// in the class colour, a dot of that colour in its middle and a thin dark ring round it.
void draw_proposed(QPainter& p, const std::vector<ProposedMark>& marks, double size_mm, const QTransform& t,
                   const QRectF& frame, double dpi);

/// The legend group "规划方案": an item per role and class that `marks` hold ("拟建一类公厕" ...), with its
/// count, as hollow points; nullopt without marks.
std::optional<LegendGroup> proposed_legend(const std::vector<ProposedMark>& marks);

}  // namespace hcgis::render
