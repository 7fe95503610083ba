// RAII over the reentrant GEOS C API.
//
// Every thread gets its own GEOS context (made on first use, freed at thread exit). GEOS reports errors
// through a callback; ours only records the message, and the C++ wrappers below turn a failed call (NULL,
// or 2 for predicates) into a hcgis::geos::Error carrying that message. Nothing is thrown from inside the
// C callback.
#pragma once

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "core/error.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis::geos {

/// Thrown when a GEOS call fails; what() holds our context plus GEOS's own message. Input is checked when
/// it is read (the loader turns a failure there into an InputError naming the feature), so a GEOS failure
/// later is hcgis's fault: an InternalError.
class Error : public InternalError {
public:
    using InternalError::InternalError;
};

/// The calling thread's GEOS context handle. Never null.
GEOSContextHandle_t ctx();

/// GEOS's last error message on this thread ("" if none), cleared by the call.
std::string take_last_error();

struct Deleter {
    void operator()(GEOSGeometry* g) const noexcept;
    void operator()(const GEOSPreparedGeometry* p) const noexcept;
    void operator()(GEOSCoordSequence* s) const noexcept;
    void operator()(GEOSSTRtree* t) const noexcept;
};

using GeomPtr = std::unique_ptr<GEOSGeometry, Deleter>;
/// A prepared geometry refers to its base geometry: destroy it first (declare it after the base).
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, Deleter>;

/// Throws Error naming `what` and GEOS's last message on this thread.
[[noreturn]] void fail(std::string_view what);

/// Takes ownership of `g`; throws Error naming `what` and GEOS's message if `g` is null.
GeomPtr check(GEOSGeometry* g, std::string_view what);

/// Parses WKT. Throws Error with GEOS's parser message on bad input.
GeomPtr from_wkt(std::string_view wkt);
/// Parses (E)WKB. Throws Error on bad input.
GeomPtr from_wkb(std::span<const unsigned char> wkb);
/// WKT of `g`, with trailing zeros trimmed.
std::string to_wkt(const GEOSGeometry* g);

/// A plain coordinate pair of the working CRS.
struct XY {
    double x = 0, y = 0;
};

GeomPtr make_point(double x, double y);
/// A LineString through `points` (at least two).
GeomPtr make_line(std::span<const XY> points);
/// A Polygon without holes whose shell runs through `shell`, closed if it is not.
GeomPtr make_polygon(std::span<const XY> shell);
/// The axis-aligned rectangle [x0, x1] × [y0, y1] as a Polygon.
GeomPtr make_rectangle(double x0, double y0, double x1, double y1);
/// An empty Polygon.
GeomPtr empty_polygon();
GeomPtr clone(const GEOSGeometry* g);
/// A GeometryCollection (or Multi* if `multi_type` is given) taking ownership of `parts`.
GeomPtr make_collection(std::vector<GeomPtr> parts, int type = GEOS_GEOMETRYCOLLECTION);

double area(const GEOSGeometry* g);
double length(const GEOSGeometry* g);
bool is_empty(const GEOSGeometry* g);
/// GEOS's validity reason ("Valid Geometry", "Self-intersection[x y]", ...).
std::string validity_reason(const GEOSGeometry* g);
bool is_valid(const GEOSGeometry* g);
/// A valid polygonal version of `g` by GEOSMakeValid's "structure" method (rings unioned, holes cut out,
/// collapsed parts dropped): a Polygon or MultiPolygon, possibly empty when nothing of area remains.
GeomPtr make_valid_polygonal(const GEOSGeometry* g);

/// Buffer with round caps and joins, `quadsegs` segments a quarter circle.
GeomPtr buffer(const GEOSGeometry* g, double width, int quadsegs);
/// Buffer with flat caps and round joins (a road's catchment that ends square where the walk ends).
GeomPtr buffer_flat(const GEOSGeometry* g, double width, int quadsegs);
/// Lines sewn together where they meet end to end.
GeomPtr line_merge(const GEOSGeometry* g);
GeomPtr boundary(const GEOSGeometry* g);
/// A point guaranteed to lie in `g` (for labels and polygon tests).
GeomPtr point_on_surface(const GEOSGeometry* g);
/// The point at `fraction` (0..1) of the length of linear `g`.
GeomPtr interpolate_normalized(const GEOSGeometry* g, double fraction);
/// The coordinates of a Point. Throws Error for an empty point or another type.
XY point_xy(const GEOSGeometry* point);
/// The point of `a` nearest to `b`.
XY nearest_point(const GEOSGeometry* a, const GEOSGeometry* b);
double distance(const GEOSGeometry* a, const GEOSGeometry* b);
double distance(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
/// GEOS's geometry type id (GEOS_POLYGON ...).
int type_id(const GEOSGeometry* g);
/// The parts of a multi-geometry or collection, or `g` itself for a single one; borrowed from `g`.
std::vector<const GEOSGeometry*> parts(const GEOSGeometry* g);
/// The Polygon of `polygon`'s exterior ring alone (its holes filled).
GeomPtr shell_of(const GEOSGeometry* polygon);
/// WKB (ISO, little endian) of `g`.
std::vector<unsigned char> to_wkb(const GEOSGeometry* g);

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
/// `g` clipped to the rectangle (fast, for grid cells; the result's area and length are exact, its
/// validity is not guaranteed where the rectangle's edge runs along the geometry's).
GeomPtr clip_by_rect(const GEOSGeometry* g, double x0, double y0, double x1, double y1);
/// What of `a` lies outside `b`.
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
/// The union of `a` and `b` (one overlay).
GeomPtr union_of(const GEOSGeometry* a, const GEOSGeometry* b);
/// The union of all parts (cascaded); an empty collection for no parts.
GeomPtr unary_union(std::span<const GEOSGeometry* const> parts);

struct Envelope {
    double minx, miny, maxx, maxy;
};
/// Envelope of a non-empty geometry. Throws Error for an empty one.
Envelope envelope(const GEOSGeometry* g);
/// Computes what GEOS 3.11 computes lazily on first read and caches inside the geometry, even through a
/// const pointer: the envelope of `g`, of each of its parts and of every ring, holes included. Until then
/// two threads reading one geometry (an overlay, a clone) may both write that cache; after, the geometry
/// is only read. Call it on the thread that made the geometry, before sharing it. Empty parts are skipped.
void settle(const GEOSGeometry* g);

/// Prepares `base`; the caller keeps ownership of `base`, which must outlive the result.
PreparedPtr prepare(const GEOSGeometry* base);
/// `p` intersects `g` (boundary included). Throws Error on GEOS failure.
bool intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool covers(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool contains_properly(const GEOSPreparedGeometry* p, const GEOSGeometry* g);

/// What a run of coordinates is in its geometry.
enum class Piece { Line, Shell, Hole };
/// Calls `visit(piece, coords)` for every LineString or LinearRing of `g` (Piece::Line) and every ring of
/// every Polygon (its Shell, then its Holes), descending into multi-geometries and collections; points and
/// empty parts are skipped. `coords` is valid during the call only.
void walk_coordinates(const GEOSGeometry* g, const std::function<void(Piece, std::span<const XY>)>& visit);

/// GEOS's STRtree over item indices. It does not own geometries: only envelopes are used and items are
/// indices into the caller's vector.
class StrTree {
public:
    explicit StrTree(std::size_t node_capacity = 10);
    /// Inserts item `index` with the envelope of `g`. Not allowed after the first query.
    void insert(const GEOSGeometry* g, std::size_t index);
    /// Indices of items whose envelope intersects that of `g`, ascending.
    std::vector<std::size_t> query(const GEOSGeometry* g) const;
    std::size_t size() const { return count_; }

private:
    std::unique_ptr<GEOSSTRtree, Deleter> tree_;
    std::size_t count_ = 0;
};

}  // namespace hcgis::geos
