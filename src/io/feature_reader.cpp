#include "io/feature_reader.h"

#include "io/repair_log.h"
#include "io/web_map_offsets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hcgis::io::detail {
namespace {

const char* kind_name(GeomKind k) {
    switch (k) {
        case GeomKind::Point: return "points";
        case GeomKind::Line: return "lines";
        case GeomKind::Polygon: return "polygons";
    }
    return "";
}

bool kind_matches(OGRwkbGeometryType t, GeomKind k) {
    switch (wkbFlatten(t)) {
        case wkbPoint: return k == GeomKind::Point;
        case wkbLineString:
        case wkbMultiLineString: return k == GeomKind::Line;
        case wkbPolygon:
        case wkbMultiPolygon: return k == GeomKind::Polygon;
        default: return false;
    }
}

/// True when every ring of the polygon or multipolygon `g` ends where it starts.
bool rings_closed(const OGRGeometry& g) {
    auto polygon_closed = [](const OGRPolygon& p) {
        for (const OGRLinearRing* ring : p)
            if (ring->getNumPoints() > 0 && !ring->get_IsClosed()) return false;
        return true;
    };
    if (wkbFlatten(g.getGeometryType()) == wkbPolygon) return polygon_closed(*g.toPolygon());
    for (const OGRPolygon* p : *g.toMultiPolygon())
        if (!polygon_closed(*p)) return false;
    return true;
}

/// False for a coordinate no place on Earth has in a projected CRS in metres (a typo, a stray digit): more
/// than 100,000 km from the origin.
bool plausible(double x, double y) { return std::abs(x) <= 1e8 && std::abs(y) <= 1e8; }

/// Makes room for `n` features in every column of `layer` (points: x, y; else geometries).
void reserve_features(Layer& layer, std::size_t n, GeomKind kind) {
    if (kind == GeomKind::Point) {
        layer.x.reserve(n);
        layer.y.reserve(n);
    } else {
        layer.geoms.reserve(n);
    }
    layer.fid.reserve(n);
    for (auto& [key, values] : layer.numbers) values.reserve(n);
    for (auto& [key, values] : layer.texts) values.reserve(n);
}

/// Reads one source into one layer. (Reading a large GeoPackage in two FID ranges on two connections was
/// tried: 0.9 s against 0.62 s in one go for 1 M points, so it reads in one go.)
class Reader {
public:
    Reader(const Source& s, const ReadPlan& plan, OGRCoordinateTransformation& ct, Layer& layer)
        : s_(s), plan_(plan), ct_(ct), layer_(layer),
          offset_(plan.spec.coords == "gcj02" || plan.spec.coords == "bd09") {}

    void read();
    void transform_points();
    const RepairLog& log() const { return log_; }

private:
    void refuse(GIntBig fid, const std::string& why);
    bool may_leave_out() const { return plan_.options.repair && plan_.spec.role != "districts"; }
    void check(OGRGeometry& g, GIntBig fid) const;
    bool read_point(const OGRGeometry& g, GIntBig fid, double& x, double& y);
    bool read_shape(OGRGeometry& g, GIntBig fid, geos::GeomPtr& out);
    bool make_valid(GIntBig fid, geos::GeomPtr& geom);

    const Source& s_;
    const ReadPlan& plan_;
    OGRCoordinateTransformation& ct_;
    Layer& layer_;
    const bool offset_;  // undo Chinese web-map offsets
    RepairLog log_;
};

/// Leaves feature `fid` out (counted as rejected, logged) under --repair, or stops the load naming it.
/// Districts are never left out: a missing district would change every total.
void Reader::refuse(GIntBig fid, const std::string& why) {
    if (!may_leave_out())
        s_.fail(fid, why + (plan_.options.repair || plan_.spec.role == "districts" ? ""
                                                                                  : " (--repair leaves such features out)"));
    log_.left_out(fid, why);
    ++layer_.account.rejected;
}

void Reader::read() {
    if (s_.layer->TestCapability(OLCFastFeatureCount)) {
        // Room for every feature at once: growing a million-long column step by step costs more
        // (copies and page faults) than reading it.
        const GIntBig n = s_.layer->GetFeatureCount(TRUE);
        if (n > 0) reserve_features(layer_, static_cast<std::size_t>(n) + layer_.size(), plan_.role.kind);
    }
    s_.layer->ResetReading();
    for (auto& feature : *s_.layer) {
        const GIntBig fid = feature->GetFID();
        ++layer_.account.read;
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            refuse(fid, "has no geometry (null or empty)");
            continue;
        }
        check(*g, fid);
        double px = 0, py = 0;
        geos::GeomPtr geom;
        const bool usable = plan_.role.kind == GeomKind::Point ? read_point(*g, fid, px, py) : read_shape(*g, fid, geom);
        if (!usable) continue;
        read_fields(s_, *feature, fid, plan_.fields, layer_);
        layer_.fid.push_back(fid);
        if (plan_.role.kind == GeomKind::Point) {
            layer_.x.push_back(px);
            layer_.y.push_back(py);
        } else {
            layer_.geoms.push_back(std::move(geom));
        }
    }
}

/// Fails unless `g` is of the role's kind and, in longitude/latitude, has longitude first; drops Z.
void Reader::check(OGRGeometry& g, GIntBig fid) const {
    if (!kind_matches(g.getGeometryType(), plan_.role.kind))
        s_.fail(fid, fmt::format("geometry is {}, a {} layer needs {}", OGRGeometryTypeToName(g.getGeometryType()),
                                 plan_.spec.role, kind_name(plan_.role.kind)));
    g.flattenTo2D();
    if (!plan_.from.IsGeographic()) return;
    // Longitude first (traditional GIS order): a latitude beyond ±90 means the pair is swapped.
    OGREnvelope env;
    g.getEnvelope(&env);
    if (std::max(std::abs(env.MinY), std::abs(env.MaxY)) > 90.0 && std::max(std::abs(env.MinX), std::abs(env.MaxX)) <= 90.0)
        s_.fail(fid, fmt::format("coordinates ({}, {}) look like latitude, longitude (swapped): the source must give "
                                 "longitude first",
                                 env.MinX, env.MinY));
}

/// The point in the source CRS (web-map offsets undone; transformed later, all at once); false when refused.
bool Reader::read_point(const OGRGeometry& g, GIntBig fid, double& x, double& y) {
    const auto* p = g.toPoint();
    x = p->getX();
    y = p->getY();
    if (!std::isfinite(x) || !std::isfinite(y)) {
        refuse(fid, "has a non-finite coordinate");
        return false;
    }
    if (offset_) {
        const LonLat w = plan_.spec.coords == "gcj02" ? gcj02_to_wgs84({x, y}) : bd09_to_wgs84({x, y});
        x = w.lon;
        y = w.lat;
    }
    return true;
}

/// The line or polygon as GEOS geometry in the working CRS, into `out`; false when refused.
bool Reader::read_shape(OGRGeometry& g, GIntBig fid, geos::GeomPtr& out) {
    if (g.transform(&ct_) != OGRERR_NONE) {
        refuse(fid, "cannot be transformed to the working CRS");
        return false;
    }
    if (plan_.role.kind == GeomKind::Polygon && !rings_closed(g)) {
        // GDAL reads a ring whose last point is not its first; GEOS refuses it.
        if (!plan_.options.repair)
            s_.fail(fid, "a polygon ring is not closed (its last point is not its first; --repair closes it)");
        static_cast<void>(g.closeRings());
        log_.closed(fid);
    }
    OGREnvelope env;
    g.getEnvelope(&env);
    if (!plausible(env.MinX, env.MinY) || !plausible(env.MaxX, env.MaxY)) {
        refuse(fid, fmt::format("has a coordinate far off the Earth in the working CRS ({:g}, {:g} to {:g}, {:g} m)",
                                env.MinX, env.MinY, env.MaxX, env.MaxY));
        return false;
    }
    std::vector<unsigned char> wkb(g.WkbSize());
    g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    try {
        out = geos::from_wkb(wkb);
    } catch (const geos::Error& e) {
        // What GEOS cannot even build: a ring of fewer than four points, and the like.
        refuse(fid, fmt::format("has a geometry GEOS cannot build: {}", e.what()));
        return false;
    }
    return plan_.role.kind != GeomKind::Polygon || make_valid(fid, out);
}

/// Leaves a valid polygon as it is; repairs an invalid one under --repair (false when nothing is left and
/// it was left out), else fails with GEOS's reason.
bool Reader::make_valid(GIntBig fid, geos::GeomPtr& geom) {
    if (geos::is_valid(geom.get())) return true;
    const std::string reason = geos::validity_reason(geom.get());
    if (!plan_.options.repair)
        s_.fail(fid, fmt::format("invalid polygon: {} (--repair makes it valid with GEOSMakeValid)", reason));
    const double before = geos::area(geom.get());
    geom = geos::make_valid_polygonal(geom.get());
    if (geos::is_empty(geom.get())) {
        if (!may_leave_out())
            s_.fail(fid, fmt::format("invalid polygon: {}; nothing of it is left when made valid", reason));
        refuse(fid, "are invalid polygons with no area left when made valid");
        return false;
    }
    log_.repaired(fid, reason, before, geos::area(geom.get()));
    return true;
}

/// Transforms the points read into the working CRS, refusing those that cannot be or land far off the Earth.
void Reader::transform_points() {
    if (layer_.x.empty()) return;
    // One batched call for all points: PROJ is far faster this way than point by point.
    std::vector<int> ok(layer_.x.size(), 1);
    if (!ct_.Transform(static_cast<int>(layer_.x.size()), layer_.x.data(), layer_.y.data(), nullptr, ok.data()))
        for (auto& o : ok) o = o ? 1 : 0;
    bool all = true;
    for (std::size_t i = 0; i < ok.size(); ++i) {
        ok[i] = ok[i] && std::isfinite(layer_.x[i]) && std::isfinite(layer_.y[i]);
        if (!ok[i]) {
            refuse(layer_.fid[i], "cannot be transformed to the working CRS");
            all = false;
        } else if (!plausible(layer_.x[i], layer_.y[i])) {
            refuse(layer_.fid[i], fmt::format("has a coordinate far off the Earth in the working CRS ({:g}, {:g} m)",
                                              layer_.x[i], layer_.y[i]));
            ok[i] = 0;
            all = false;
        }
    }
    if (!all) keep_features(layer_, ok);
}

}  // namespace

void read_features(const Source& s, const ReadPlan& plan, OGRCoordinateTransformation& ct, Layer& layer,
                   std::vector<std::string>* warnings) {
    Reader reader(s, plan, ct, layer);
    reader.read();
    reader.transform_points();
    reader.log().report(s.label, warnings);
}

}  // namespace hcgis::io::detail
