// Which sub-district a point belongs to.
//
// District polygons go into a GEOS STRtree and are prepared once. A point belongs to the district that
// covers it (interior or boundary). A point on a border shared by several districts goes to exactly one,
// so counts over districts always add up: among the districts that hold it, the one that holds the point
// moved `border_nudge_m` east and half that north (the district to its east, or north of an east-west
// border); where the border runs along that nudge, a second nudge north-west decides. The rule depends on
// geometry only, so the same data stored in another format or order gives the same answer.
#pragma once

#include "core/geos.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hcgis {

/// How far (in CRS units, metres) a border point is moved to decide which district takes it.
inline constexpr double border_nudge_m = 1e-3;

class DistrictIndex {
public:
    /// Indexes `polygons`: polygonal geometries (Polygon, MultiPolygon), as the loaders make districts;
    /// point or line parts of a collection hold no point. They are not copied and must outlive the index.
    explicit DistrictIndex(std::span<const geos::GeomPtr> polygons);

    static constexpr int outside = -1;

    /// Index of the district holding (x, y), or `outside`.
    int locate(double x, double y) const;

    /// District of every point; `outside` where none holds it. Uses every core when the input is large.
    std::vector<int> locate_all(std::span<const double> x, std::span<const double> y) const;

    std::size_t size() const { return prepared_.size(); }

private:
    /// A grid over the districts: each cell lies wholly inside one district (its index), wholly outside
    /// all (`outside`), or crosses a border: then it is cut into sub_side x sub_side squares (its entry
    /// `first_sub - k` for the k-th such cell), and each square that no border comes near takes the
    /// district of a point of it, found once; a square a border crosses is `mixed` (the exact test
    /// decides). Most points need no geometry test at all.
    static constexpr std::int32_t mixed = -2, first_sub = -3;
    static constexpr int sub_side = 8;
    void build_grid();
    struct Seg {
        double ax, ay, bx, by;
    };
    void build_squares(const std::vector<Seg>& segs, double margin);
    int locate_exact(double x, double y) const;
    std::int32_t cell_of(double x, double y) const;

    std::span<const geos::GeomPtr> polygons_;
    std::vector<geos::PreparedPtr> prepared_;
    geos::StrTree tree_;
    double gx0_ = 0, gy0_ = 0, cell_ = 1;
    std::int64_t gnx_ = 0, gny_ = 0;
    std::vector<std::int32_t> grid_;
    std::vector<std::int32_t> squares_;  // sub_side² a crossed cell, row by row: district, outside or mixed
};

}  // namespace hcgis
