#include "io/feature_reader.h"

#include "io/arrow_batches.h"
#include "io/repair_log.h"
#include "io/web_map_offsets.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <future>
#include <memory>
#include <system_error>

#include <sys/mman.h>
#include <unistd.h>

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

/// The whole pages inside the storage `v` has reserved.
template <class T>
std::pair<char*, std::size_t> reserved_pages(std::vector<T>& v) {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto from = (reinterpret_cast<std::uintptr_t>(v.data()) + page - 1) / page * page;
    const auto to = (reinterpret_cast<std::uintptr_t>(v.data() + v.capacity())) / page * page;
    if (!v.data() || to <= from) return {nullptr, 0};
    return {reinterpret_cast<char*>(from), to - from};
}

/// Has the kernel map the pages of the columns of a large layer just reserved, on another thread, so
/// that the reader does not take a page fault for every 4 kB it fills (a million points fill 40 MB; the
/// faults cost the reader, the load's critical path, 15-25 ms). MADV_POPULATE_WRITE (Linux 5.14) maps
/// the pages as a write would and leaves what they hold alone; where the kernel lacks it nothing happens.
std::future<void> prefault_columns(Layer& layer) {
#ifdef MADV_POPULATE_WRITE
    std::vector<std::pair<char*, std::size_t>> ranges{reserved_pages(layer.x), reserved_pages(layer.y),
                                                      reserved_pages(layer.fid)};
    for (auto& [key, values] : layer.numbers) ranges.push_back(reserved_pages(values));
    try {
        return std::async(std::launch::async, [ranges] {
            for (const auto& [p, n] : ranges)
                if (n) static_cast<void>(::madvise(p, n, MADV_POPULATE_WRITE));
        });
    } catch (const std::system_error&) {  // no thread to be had: the reader takes its page faults itself
        return {};
    }
#else
    static_cast<void>(layer);
    return {};
#endif
}

/// Reads one source into one layer. (Reading a large GeoPackage in two FID ranges on two connections was
/// tried: 0.9 s against 0.62 s in one go for 1 M points, so it reads in one go.)
class Reader {
public:
    Reader(const Source& s, const ReadPlan& plan, OGRCoordinateTransformation& ct, Layer& layer)
        : s_(s), plan_(plan), ct_(ct), layer_(layer),
          offset_(plan.spec.coords == "gcj02" || plan.spec.coords == "bd09") {}

    void read();
    void read_batches(ArrowBatches& batches);
    void transform_points();
    const RepairLog& log() const { return log_; }

private:
    void reserve();
    void refuse(GIntBig fid, const std::string& why);
    bool may_leave_out() const { return plan_.options.repair && plan_.spec.role != "districts"; }
    void check(OGRGeometry& g, GIntBig fid) const;
    void check_lon_first(double minx, double miny, double maxx, double maxy, GIntBig fid) const;
    bool read_point(const OGRGeometry& g, GIntBig fid, double& x, double& y);
    bool read_point(double x, double y, GIntBig fid, double& ox, double& oy);
    bool read_geometry(OGRGeometry* g, GIntBig fid, double& px, double& py, geos::GeomPtr& geom);
    void refuse_unprojected();
    bool read_shape(OGRGeometry& g, GIntBig fid, geos::GeomPtr& out);
    bool make_valid(GIntBig fid, geos::GeomPtr& geom);

    const Source& s_;
    const ReadPlan& plan_;
    OGRCoordinateTransformation& ct_;
    Layer& layer_;
    const bool offset_;  // undo Chinese web-map offsets
    RepairLog log_;
    std::vector<int> projected_;  // per point: 1 when PROJ transformed it (filled by transform_points())
    bool points_projected_ = false;  // read_batches() transformed the points batch by batch
    std::future<void> prefault_;     // the columns' pages being mapped (reserve()); waited for at the end
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

void Reader::reserve() {
    if (s_.layer->TestCapability(OLCFastFeatureCount)) {
        // Room for every feature at once: growing a million-long column step by step costs more
        // (copies and page faults) than reading it.
        const GIntBig n = s_.layer->GetFeatureCount(TRUE);
        if (n > 0) reserve_features(layer_, static_cast<std::size_t>(n) + layer_.size(), plan_.role.kind);
        if (n >= 65536) prefault_ = prefault_columns(layer_);
    }
}

/// Checks geometry `g` (null allowed) of feature `fid`: into (`px`, `py`) for a point (in the source
/// CRS), into `geom` otherwise; false when it was refused.
bool Reader::read_geometry(OGRGeometry* g, GIntBig fid, double& px, double& py, geos::GeomPtr& geom) {
    if (!g || g->IsEmpty()) {
        refuse(fid, "has no geometry (null or empty)");
        return false;
    }
    check(*g, fid);
    return plan_.role.kind == GeomKind::Point ? read_point(*g, fid, px, py) : read_shape(*g, fid, geom);
}

void Reader::read() {
    reserve();
    s_.layer->ResetReading();
    for (auto& feature : *s_.layer) {
        const GIntBig fid = feature->GetFID();
        ++layer_.account.read;
        double px = 0, py = 0;
        geos::GeomPtr geom;
        if (!read_geometry(feature->GetGeometryRef(), fid, px, py, geom)) continue;
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
    OGREnvelope env;
    g.getEnvelope(&env);
    check_lon_first(env.MinX, env.MinY, env.MaxX, env.MaxY, fid);
}

/// Fails when the extent of a feature in longitude/latitude has longitude and latitude swapped.
void Reader::check_lon_first(double minx, double miny, double maxx, double maxy, GIntBig fid) const {
    // Longitude first (traditional GIS order): a latitude beyond ±90 means the pair is swapped.
    if (std::max(std::abs(miny), std::abs(maxy)) > 90.0 && std::max(std::abs(minx), std::abs(maxx)) <= 90.0)
        s_.fail(fid, fmt::format("coordinates ({}, {}) look like latitude, longitude (swapped): the source must give "
                                 "longitude first",
                                 minx, miny));
}

/// The point in the source CRS (web-map offsets undone; transformed later, all at once); false when refused.
bool Reader::read_point(const OGRGeometry& g, GIntBig fid, double& x, double& y) {
    const auto* p = g.toPoint();
    return read_point(p->getX(), p->getY(), fid, x, y);
}

/// Point (`px`, `py`) of feature `fid` in the source CRS, web-map offsets undone, into (`x`, `y`); false
/// when refused.
bool Reader::read_point(double px, double py, GIntBig fid, double& x, double& y) {
    x = px;
    y = py;
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

/// Transforms points (`x`, `y`) into the working CRS by `ct` in place (one batched call: PROJ is far
/// faster this way than point by point); `ok` gets 1 for each it transformed to finite coordinates.
void project(OGRCoordinateTransformation& ct, double* x, double* y, std::size_t n, int* ok) {
    if (n == 0) return;
    std::fill(ok, ok + n, 1);
    if (!ct.Transform(static_cast<int>(n), x, y, nullptr, ok))
        for (std::size_t i = 0; i < n; ++i) ok[i] = ok[i] ? 1 : 0;
    for (std::size_t i = 0; i < n; ++i) ok[i] = ok[i] && std::isfinite(x[i]) && std::isfinite(y[i]);
}

/// Transforms the points read into the working CRS (unless read_batches() did), refusing those that
/// cannot be or land far off the Earth.
void Reader::transform_points() {
    if (layer_.x.empty()) return;
    if (!points_projected_) {
        projected_.resize(layer_.x.size());
        project(ct_, layer_.x.data(), layer_.y.data(), layer_.x.size(), projected_.data());
    }
    refuse_unprojected();
}

/// Refuses the points PROJ could not transform or that land far off the Earth, and leaves them out.
void Reader::refuse_unprojected() {
    std::vector<int>& ok = projected_;
    bool all = true;
    for (std::size_t i = 0; i < ok.size(); ++i) {
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

/// A point straight from its WKB `wkb` into (`x`, `y`) (both NaN: empty); false when `wkb` is not a
/// point (ISO or extended WKB, with or without Z and M), which then goes through OGR.
bool wkb_point(std::string_view wkb, double& x, double& y) {
    if (wkb.size() < 21 || static_cast<unsigned char>(wkb[0]) > 1) return false;
    const bool swap = (wkb[0] == 1) != (std::endian::native == std::endian::little);
    std::uint32_t type;
    std::uint64_t bx, by;
    std::memcpy(&type, wkb.data() + 1, 4);
    std::memcpy(&bx, wkb.data() + 5, 8);
    std::memcpy(&by, wkb.data() + 13, 8);
    if (swap) {
        type = __builtin_bswap32(type);
        bx = __builtin_bswap64(bx);
        by = __builtin_bswap64(by);
    }
    switch (type) {
        case 1: case 1001: case 2001: case 3001: case 0x80000001u: case 0x40000001u: case 0xC0000001u: break;
        default: return false;
    }
    x = std::bit_cast<double>(bx);
    y = std::bit_cast<double>(by);
    return true;
}

/// Reads every batch of `b`: points decoded from their WKB and handed to PROJ batch by batch on the
/// other core while the next batch is read; lines and polygons through OGR as read() does. Checks and
/// refusals are read()'s, feature by feature in the same order.
void Reader::read_batches(ArrowBatches& b) {
    reserve();
    const std::vector<FieldColumn> columns = field_columns(plan_.fields, layer_);
    const bool points = plan_.role.kind == GeomKind::Point;
    std::unique_ptr<OGRCoordinateTransformation> worker_ct(points ? ct_.Clone() : nullptr);
    if (worker_ct) projected_.reserve(layer_.x.capacity());  // grown batch by batch it was copied 10 times
    // The points go straight into the layer's columns, and the worker projects each batch's stretch of
    // them in place while the next batch is read (copying them over from batches of their own cost the
    // reader a pass over 16 MB). The columns must not move under the worker: before a batch that could
    // outgrow them the reader waits for it.
    std::vector<int> done_ok;
    std::future<void> pending;  // destroyed first: waits for the worker before `done_ok` goes
    auto collect = [&] {
        if (!pending.valid()) return;
        pending.get();
        projected_.insert(projected_.end(), done_ok.begin(), done_ok.end());
    };
    std::size_t handed = layer_.x.size();  // the points before this one are projected or being projected
    // A number field with no value map and no hstore tag takes a set, finite, non-negative number from a
    // numeric column as it is: what store_field() makes of it. Anything else (text, unset, negative, not
    // finite) goes through store_field(), which converts, checks and names the fault.
    std::vector<char> plain(plan_.fields.size());
    for (std::size_t k = 0; k < plan_.fields.size(); ++k) {
        const FieldBinding& f = plan_.fields[k];
        plain[k] = f.spec.type == FieldType::Number && !f.values && f.tag.empty();
    }
    const bool geographic = plan_.from.IsGeographic();
    FieldValue v;
    while (b.next()) {
        const std::size_t n = b.rows();
        if (std::min(layer_.x.capacity() - layer_.x.size(), layer_.y.capacity() - layer_.y.size()) < n) collect();
        for (std::size_t i = 0; i < n; ++i) {
            const GIntBig fid = b.fid(i);
            ++layer_.account.read;
            const std::string_view wkb = b.wkb(i);
            double px = 0, py = 0, wx = 0, wy = 0;
            geos::GeomPtr geom;
            if (points && wkb_point(wkb, wx, wy)) {
                if (std::isnan(wx) && std::isnan(wy)) {
                    refuse(fid, "has no geometry (null or empty)");
                    continue;
                }
                if (geographic) check_lon_first(wx, wy, wx, wy, fid);
                if (!read_point(wx, wy, fid, px, py)) continue;
            } else {
                OGRGeometry* g = nullptr;
                if (!wkb.empty() && OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
                    refuse(fid, "has a geometry GDAL cannot read (malformed WKB)");
                    continue;
                }
                const std::unique_ptr<OGRGeometry> owned(g);
                if (!read_geometry(g, fid, px, py, geom)) continue;
            }
            for (std::size_t k = 0; k < plan_.fields.size(); ++k) {
                double x;
                if (plain[k] && b.number(k, i, x) && std::isfinite(x) && x >= 0) {
                    columns[k].numbers->push_back(x);
                    continue;
                }
                b.value(k, i, fid, v);
                store_field(s_, fid, plan_.fields[k], v, columns[k]);
            }
            layer_.fid.push_back(fid);
            if (points) {
                layer_.x.push_back(px);
                layer_.y.push_back(py);
            } else {
                layer_.geoms.push_back(std::move(geom));
            }
        }
        if (worker_ct && layer_.x.size() > handed) {
            collect();
            const std::size_t count = layer_.x.size() - handed;
            done_ok.resize(count);
            pending = std::async(std::launch::async, [&ct = *worker_ct, x = layer_.x.data() + handed,
                                                      y = layer_.y.data() + handed, count, ok = done_ok.data()] {
                project(ct, x, y, count, ok);
            });
            handed = layer_.x.size();
        }
    }
    collect();
    points_projected_ = worker_ct != nullptr;
}

}  // namespace

void read_features(const Source& s, const ReadPlan& plan, OGRCoordinateTransformation& ct, Layer& layer,
                   std::vector<std::string>* warnings) {
    Reader reader(s, plan, ct, layer);
    if (auto batches = ArrowBatches::open(s, plan.fields, read_path_from_env())) reader.read_batches(*batches);
    else reader.read();
    reader.transform_points();
    reader.log().report(s.label, warnings);
}

}  // namespace hcgis::io::detail
