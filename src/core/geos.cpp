#include "core/geos.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace hcgis::geos {
namespace {

struct Context {
    GEOSContextHandle_t handle;
    std::string message;

    Context() : handle(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(handle, &Context::on_error, this);
        GEOSContext_setNoticeMessageHandler_r(handle, &Context::on_notice, this);
    }
    ~Context() { GEOS_finish_r(handle); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    // Called by GEOS with a complete message; only records it.
    static void on_error(const char* msg, void* userdata) {
        auto* self = static_cast<Context*>(userdata);
        self->message = msg ? msg : "unknown GEOS error";
    }
    static void on_notice(const char*, void*) {}
};

Context& context() {
    thread_local Context c;
    return c;
}

}  // namespace

void fail(std::string_view what) {
    std::string msg = take_last_error();
    std::string text(what);
    if (!msg.empty()) text += ": " + msg;
    throw Error(text);
}

GEOSContextHandle_t ctx() { return context().handle; }

std::string take_last_error() {
    std::string m;
    std::swap(m, context().message);
    return m;
}

void Deleter::operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx(), g); }
void Deleter::operator()(const GEOSPreparedGeometry* p) const noexcept { GEOSPreparedGeom_destroy_r(ctx(), p); }
void Deleter::operator()(GEOSCoordSequence* s) const noexcept { GEOSCoordSeq_destroy_r(ctx(), s); }
void Deleter::operator()(GEOSSTRtree* t) const noexcept { GEOSSTRtree_destroy_r(ctx(), t); }

GeomPtr check(GEOSGeometry* g, std::string_view what) {
    if (!g) fail(what);
    return GeomPtr(g);
}

GeomPtr from_wkt(std::string_view wkt) {
    GEOSWKTReader* r = GEOSWKTReader_create_r(ctx());
    std::string s(wkt);
    GEOSGeometry* g = GEOSWKTReader_read_r(ctx(), r, s.c_str());
    GEOSWKTReader_destroy_r(ctx(), r);
    return check(g, "cannot parse WKT");
}

GeomPtr from_wkb(std::span<const unsigned char> wkb) {
    GEOSWKBReader* r = GEOSWKBReader_create_r(ctx());
    GEOSGeometry* g = GEOSWKBReader_read_r(ctx(), r, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(ctx(), r);
    return check(g, "cannot parse WKB");
}

std::string to_wkt(const GEOSGeometry* g) {
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx());
    GEOSWKTWriter_setTrim_r(ctx(), w, 1);
    char* s = GEOSWKTWriter_write_r(ctx(), w, g);
    GEOSWKTWriter_destroy_r(ctx(), w);
    if (!s) fail("cannot write WKT");
    std::string out(s);
    GEOSFree_r(ctx(), s);
    return out;
}

GeomPtr make_point(double x, double y) { return check(GEOSGeom_createPointFromXY_r(ctx(), x, y), "cannot make point"); }

GeomPtr clone(const GEOSGeometry* g) { return check(GEOSGeom_clone_r(ctx(), g), "cannot clone geometry"); }

GeomPtr make_collection(std::vector<GeomPtr> parts, int type) {
    // GEOS takes ownership of the parts whether or not it succeeds, so let go of them first.
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) raw.push_back(p.release());
    GEOSGeometry* c = GEOSGeom_createCollection_r(ctx(), type, raw.data(), static_cast<unsigned>(raw.size()));
    if (!c) fail("cannot make collection");
    return GeomPtr(c);
}

double area(const GEOSGeometry* g) {
    double a = 0;
    if (!GEOSArea_r(ctx(), g, &a)) fail("cannot compute area");
    return a;
}

double length(const GEOSGeometry* g) {
    double l = 0;
    if (!GEOSLength_r(ctx(), g, &l)) fail("cannot compute length");
    return l;
}

bool is_empty(const GEOSGeometry* g) {
    char r = GEOSisEmpty_r(ctx(), g);
    if (r == 2) fail("cannot test emptiness");
    return r == 1;
}

std::string validity_reason(const GEOSGeometry* g) {
    char* s = GEOSisValidReason_r(ctx(), g);
    if (!s) fail("cannot test validity");
    std::string out(s);
    GEOSFree_r(ctx(), s);
    return out;
}

bool is_valid(const GEOSGeometry* g) {
    char r = GEOSisValid_r(ctx(), g);
    if (r == 2) fail("cannot test validity");
    return r == 1;
}

GeomPtr make_valid_polygonal(const GEOSGeometry* g) {
    GEOSContextHandle_t h = ctx();
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
    if (!params) fail("cannot make MakeValid parameters");
    GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(h, g, params);
    GEOSMakeValidParams_destroy_r(h, params);
    GeomPtr out = check(fixed, "MakeValid failed");
    // Keep the polygons only (the structure method gives polygonal output, but be strict about it).
    const int type = GEOSGeomTypeId_r(h, out.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return out;
    std::vector<GeomPtr> polys;
    for (int i = 0, n = GEOSGetNumGeometries_r(h, out.get()); i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, out.get(), i);
        if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON && !is_empty(part)) polys.push_back(clone(part));
    }
    return make_collection(std::move(polys), GEOS_MULTIPOLYGON);
}

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
    return check(GEOSIntersection_r(ctx(), a, b), "intersection failed");
}

GeomPtr union_of(const GEOSGeometry* a, const GEOSGeometry* b) {
    return check(GEOSUnion_r(ctx(), a, b), "union failed");
}

GeomPtr unary_union(std::span<const GEOSGeometry* const> parts) {
    std::vector<GeomPtr> copies;
    copies.reserve(parts.size());
    for (const GEOSGeometry* p : parts) copies.push_back(clone(p));
    GeomPtr coll = make_collection(std::move(copies));
    return check(GEOSUnaryUnion_r(ctx(), coll.get()), "union failed");
}

Envelope envelope(const GEOSGeometry* g) {
    Envelope e{};
    if (!GEOSGeom_getXMin_r(ctx(), g, &e.minx) || !GEOSGeom_getYMin_r(ctx(), g, &e.miny) ||
        !GEOSGeom_getXMax_r(ctx(), g, &e.maxx) || !GEOSGeom_getYMax_r(ctx(), g, &e.maxy))
        fail("cannot compute envelope (empty geometry?)");
    return e;
}

PreparedPtr prepare(const GEOSGeometry* base) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx(), base);
    if (!p) fail("cannot prepare geometry");
    return PreparedPtr(p);
}

bool intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    char r = GEOSPreparedIntersects_r(ctx(), p, g);
    if (r == 2) fail("prepared intersects failed");
    return r == 1;
}

bool covers(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    char r = GEOSPreparedCovers_r(ctx(), p, g);
    if (r == 2) fail("prepared covers failed");
    return r == 1;
}

StrTree::StrTree(std::size_t node_capacity) : tree_(GEOSSTRtree_create_r(ctx(), node_capacity)) {
    if (!tree_) fail("cannot create STRtree");
}

void StrTree::insert(const GEOSGeometry* g, std::size_t index) {
    // GEOS stores the void* item; we store the index itself in it, never a pointer.
    GEOSSTRtree_insert_r(ctx(), tree_.get(), g, reinterpret_cast<void*>(index));
    ++count_;
}

std::vector<std::size_t> StrTree::query(const GEOSGeometry* g) const {
    std::vector<std::size_t> hits;
    GEOSSTRtree_query_r(
        ctx(), tree_.get(), g,
        [](void* item, void* userdata) {
            static_cast<std::vector<std::size_t>*>(userdata)->push_back(reinterpret_cast<std::size_t>(item));
        },
        &hits);
    std::sort(hits.begin(), hits.end());
    return hits;
}

}  // namespace hcgis::geos
