// The GEOS operations beyond the basics of geos.cpp: construction from coordinates, buffers, distances,
// parts and the coordinate walker. Every call's result is checked; a failure throws geos::Error.
#include "core/geos.h"

namespace hcgis::geos {
namespace {

/// A coordinate sequence of `points`, owned until GEOS takes it.
GEOSCoordSequence* sequence(std::span<const XY> points, bool close) {
    const bool add_first = close && !points.empty() &&
                           (points.front().x != points.back().x || points.front().y != points.back().y);
    const auto n = static_cast<unsigned>(points.size() + (add_first ? 1 : 0));
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), n, 2);
    if (!seq) fail("cannot make a coordinate sequence");
    for (unsigned i = 0; i < n; ++i) {
        const XY& p = i < points.size() ? points[i] : points.front();
        if (!GEOSCoordSeq_setXY_r(ctx(), seq, i, p.x, p.y)) {
            GEOSCoordSeq_destroy_r(ctx(), seq);
            fail("cannot set a coordinate");
        }
    }
    return seq;
}

void walk_ring(const GEOSGeometry* ring, Piece piece, std::vector<XY>& buf,
               const std::function<void(Piece, std::span<const XY>)>& visit) {
    GEOSContextHandle_t h = ctx();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    if (!seq) fail("cannot read the coordinates of a line");
    unsigned n = 0;
    if (!GEOSCoordSeq_getSize_r(h, seq, &n)) fail("cannot read the size of a line");
    if (n == 0) return;
    buf.resize(n);
    for (unsigned i = 0; i < n; ++i)
        if (!GEOSCoordSeq_getXY_r(h, seq, i, &buf[i].x, &buf[i].y)) fail("cannot read a coordinate");
    visit(piece, std::span<const XY>(buf.data(), n));
}

void walk(const GEOSGeometry* g, std::vector<XY>& buf, const std::function<void(Piece, std::span<const XY>)>& visit) {
    GEOSContextHandle_t h = ctx();
    switch (type_id(g)) {
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
        walk_ring(g, Piece::Line, buf, visit);
        return;
    case GEOS_POLYGON: {
        if (is_empty(g)) return;
        const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, g);
        if (!shell) fail("cannot read a polygon's shell");
        walk_ring(shell, Piece::Shell, buf, visit);
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        if (holes < 0) fail("cannot count a polygon's holes");
        for (int i = 0; i < holes; ++i) {
            const GEOSGeometry* hole = GEOSGetInteriorRingN_r(h, g, i);
            if (!hole) fail("cannot read a polygon's hole");
            walk_ring(hole, Piece::Hole, buf, visit);
        }
        return;
    }
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
        for (const GEOSGeometry* part : parts(g)) walk(part, buf, visit);
        return;
    default:
        return;  // points
    }
}

}  // namespace

GeomPtr make_line(std::span<const XY> points) {
    return check(GEOSGeom_createLineString_r(ctx(), sequence(points, false)), "cannot make a line");
}

GeomPtr make_polygon(std::span<const XY> shell) {
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(ctx(), sequence(shell, true));
    if (!ring) fail("cannot make a ring");
    return check(GEOSGeom_createPolygon_r(ctx(), ring, nullptr, 0), "cannot make a polygon");
}

GeomPtr make_rectangle(double x0, double y0, double x1, double y1) {
    return check(GEOSGeom_createRectangle_r(ctx(), x0, y0, x1, y1), "cannot make a rectangle");
}

GeomPtr empty_polygon() { return check(GEOSGeom_createEmptyPolygon_r(ctx()), "cannot make an empty polygon"); }

GeomPtr buffer(const GEOSGeometry* g, double width, int quadsegs) {
    return check(GEOSBuffer_r(ctx(), g, width, quadsegs), "buffer failed");
}

GeomPtr buffer_flat(const GEOSGeometry* g, double width, int quadsegs) {
    return check(GEOSBufferWithStyle_r(ctx(), g, width, quadsegs, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_ROUND, 5.0),
                 "buffer failed");
}

GeomPtr line_merge(const GEOSGeometry* g) { return check(GEOSLineMerge_r(ctx(), g), "line merge failed"); }

GeomPtr boundary(const GEOSGeometry* g) { return check(GEOSBoundary_r(ctx(), g), "boundary failed"); }

GeomPtr clip_by_rect(const GEOSGeometry* g, double x0, double y0, double x1, double y1) {
    return check(GEOSClipByRect_r(ctx(), g, x0, y0, x1, y1), "clip by rectangle failed");
}

GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b) {
    return check(GEOSDifference_r(ctx(), a, b), "difference failed");
}

GeomPtr point_on_surface(const GEOSGeometry* g) {
    return check(GEOSPointOnSurface_r(ctx(), g), "point on surface failed");
}

GeomPtr interpolate_normalized(const GEOSGeometry* g, double fraction) {
    return check(GEOSInterpolateNormalized_r(ctx(), g, fraction), "interpolation along a line failed");
}

XY point_xy(const GEOSGeometry* point) {
    XY p;
    if (!GEOSGeomGetX_r(ctx(), point, &p.x) || !GEOSGeomGetY_r(ctx(), point, &p.y)) fail("cannot read a point");
    return p;
}

XY nearest_point(const GEOSGeometry* a, const GEOSGeometry* b) {
    GEOSCoordSequence* pair = GEOSNearestPoints_r(ctx(), a, b);
    if (!pair) fail("nearest points failed");
    XY p;
    const int ok = GEOSCoordSeq_getXY_r(ctx(), pair, 0, &p.x, &p.y);
    GEOSCoordSeq_destroy_r(ctx(), pair);
    if (!ok) fail("cannot read the nearest point");
    return p;
}

double distance(const GEOSGeometry* a, const GEOSGeometry* b) {
    double d = 0;
    if (!GEOSDistance_r(ctx(), a, b, &d)) fail("distance failed");
    return d;
}

double distance(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    double d = 0;
    if (!GEOSPreparedDistance_r(ctx(), p, g, &d)) fail("prepared distance failed");
    return d;
}

int type_id(const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(ctx(), g);
    if (t < 0) fail("cannot read a geometry's type");
    return t;
}

std::vector<const GEOSGeometry*> parts(const GEOSGeometry* g) {
    const int n = GEOSGetNumGeometries_r(ctx(), g);
    if (n < 0) fail("cannot count a geometry's parts");
    std::vector<const GEOSGeometry*> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx(), g, i);
        if (!part) fail("cannot read a geometry's part");
        out.push_back(part);
    }
    return out;
}

void settle(const GEOSGeometry* g) {
    if (!g || is_empty(g)) return;
    GEOSContextHandle_t h = ctx();
    double unused = 0;
    auto cache = [&](const GEOSGeometry* x) {
        if (!is_empty(x) && !GEOSGeom_getXMin_r(h, x, &unused)) fail("cannot compute an envelope");
    };
    cache(g);
    switch (type_id(g)) {
    case GEOS_POLYGON: {
        const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, g);
        if (!shell) fail("cannot read a polygon's shell");
        cache(shell);
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        if (holes < 0) fail("cannot count a polygon's holes");
        for (int i = 0; i < holes; ++i) {
            const GEOSGeometry* hole = GEOSGetInteriorRingN_r(h, g, i);
            if (!hole) fail("cannot read a polygon's hole");
            cache(hole);
        }
        return;
    }
    case GEOS_MULTIPOINT:
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
        for (const GEOSGeometry* part : parts(g)) settle(part);
        return;
    default:
        return;
    }
}

GeomPtr shell_of(const GEOSGeometry* polygon) {
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(ctx(), polygon);
    if (!ring) fail("cannot read a polygon's shell");
    GEOSGeometry* copy = GEOSGeom_clone_r(ctx(), ring);
    if (!copy) fail("cannot copy a ring");
    return check(GEOSGeom_createPolygon_r(ctx(), copy, nullptr, 0), "cannot make a polygon");
}

std::vector<unsigned char> to_wkb(const GEOSGeometry* g) {
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(ctx());
    if (!w) fail("cannot make a WKB writer");
    std::size_t size = 0;
    unsigned char* wkb = GEOSWKBWriter_write_r(ctx(), w, g, &size);
    GEOSWKBWriter_destroy_r(ctx(), w);
    if (!wkb) fail("cannot write WKB");
    std::vector<unsigned char> out(wkb, wkb + size);
    GEOSFree_r(ctx(), wkb);
    return out;
}

bool contains_properly(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    const char r = GEOSPreparedContainsProperly_r(ctx(), p, g);
    if (r == 2) fail("prepared containsProperly failed");
    return r == 1;
}

void walk_coordinates(const GEOSGeometry* g, const std::function<void(Piece, std::span<const XY>)>& visit) {
    std::vector<XY> buf;
    walk(g, buf, visit);
}

}  // namespace hcgis::geos
