// The read floor of issue #20: every layer of a GeoPackage read and all its coordinates projected by one
// batched PROJ call per layer into the working CRS, and nothing else (no checks, no GEOS, no indicators).
//   hcgis_floor rows  city.gpkg EPSG:4549    GDAL's row API (GetNextFeature, OGRGeometry)
//   hcgis_floor arrow city.gpkg EPSG:4549    GDAL's column-oriented API (RFC 86, GetArrowStream, WKB,
//                                            GDAL's 65,536 features a batch; a 4th argument sets another)
// bench/run times it end to end beside `hcgis indicators` and prints the ratios.
#include <gdal_priv.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Coords {
    std::vector<double> x, y;
};

/// Every vertex of `g` into `c`.
void vertices(const OGRGeometry& g, Coords& c) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    if (t == wkbPoint) {
        c.x.push_back(g.toPoint()->getX());
        c.y.push_back(g.toPoint()->getY());
    } else if (OGR_GT_IsCurve(t)) {
        const auto* l = g.toSimpleCurve();
        for (int i = 0; i < l->getNumPoints(); ++i) {
            c.x.push_back(l->getX(i));
            c.y.push_back(l->getY(i));
        }
    } else if (t == wkbPolygon) {
        for (const auto* ring : *g.toPolygon()) vertices(*ring, c);
    } else if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) {
        for (const auto* part : *g.toGeometryCollection()) vertices(*part, c);
    }
}

void rows(OGRLayer& layer, Coords& c) {
    for (auto& f : layer)
        if (const OGRGeometry* g = f->GetGeometryRef()) vertices(*g, c);
}

/// A minimal WKB walker (little or big endian, ISO Z/M skipped): every vertex from `p` into `c`.
const unsigned char* wkb_vertices(const unsigned char* p, Coords& c) {
    const bool swap = p[0] == 0;
    auto u32 = [&](const unsigned char* q) {
        std::uint32_t v;
        std::memcpy(&v, q, 4);
        return swap ? __builtin_bswap32(v) : v;
    };
    auto f64 = [&](const unsigned char* q) {
        std::uint64_t v;
        std::memcpy(&v, q, 8);
        if (swap) v = __builtin_bswap64(v);
        double d;
        std::memcpy(&d, &v, 8);
        return d;
    };
    std::uint32_t type = u32(p + 1);
    p += 5;
    const int dims = 2 + (type / 1000 == 1 || type / 1000 == 2) + 2 * (type / 1000 == 3);
    type %= 1000;
    auto points = [&](std::uint32_t n) {
        for (std::uint32_t i = 0; i < n; ++i, p += 8 * dims) {
            c.x.push_back(f64(p));
            c.y.push_back(f64(p + 8));
        }
    };
    if (type == 1) {
        points(1);
    } else if (type == 2) {
        const std::uint32_t n = u32(p);
        p += 4;
        points(n);
    } else if (type == 3) {
        const std::uint32_t rings = u32(p);
        p += 4;
        for (std::uint32_t r = 0; r < rings; ++r) {
            const std::uint32_t n = u32(p);
            p += 4;
            points(n);
        }
    } else if (type >= 4 && type <= 7) {
        const std::uint32_t parts = u32(p);
        p += 4;
        for (std::uint32_t k = 0; k < parts; ++k) p = wkb_vertices(p, c);
    }
    return p;
}

bool arrow(OGRLayer& layer, Coords& c, const char* batch) {
    ArrowArrayStream stream{};
    CPLStringList options;
    if (batch) options.SetNameValue("MAX_FEATURES_IN_BATCH", batch);
    if (!layer.GetArrowStream(&stream, options.List())) return false;
    ArrowSchema schema{};
    if (stream.get_schema(&stream, &schema) != 0) return false;
    int geom = -1;
    for (int i = 0; i < schema.n_children; ++i)
        if (std::strcmp(schema.children[i]->format, "z") == 0) geom = i;
    while (true) {
        ArrowArray batch{};
        if (stream.get_next(&stream, &batch) != 0) return false;
        if (!batch.release) break;
        if (geom >= 0) {
            const ArrowArray* g = batch.children[geom];
            const auto* valid = static_cast<const unsigned char*>(g->buffers[0]);
            const auto* offsets = static_cast<const std::int32_t*>(g->buffers[1]);
            const auto* data = static_cast<const unsigned char*>(g->buffers[2]);
            for (std::int64_t i = 0; i < g->length; ++i) {
                const std::int64_t j = i + g->offset;
                if (valid && !((valid[j / 8] >> (j % 8)) & 1)) continue;
                if (offsets[j + 1] > offsets[j]) wkb_vertices(data + offsets[j], c);
            }
        }
        batch.release(&batch);
    }
    schema.release(&schema);
    stream.release(&stream);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if ((argc != 4 && argc != 5) || (std::strcmp(argv[1], "rows") != 0 && std::strcmp(argv[1], "arrow") != 0)) {
        std::fprintf(stderr, "usage: hcgis_floor rows|arrow FILE.gpkg EPSG:NNNN [FEATURES-A-BATCH]\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const bool by_rows = std::strcmp(argv[1], "rows") == 0;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(argv[2], GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        std::fprintf(stderr, "hcgis_floor: cannot open %s\n", argv[2]);
        return 1;
    }
    OGRSpatialReference to;
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (to.SetFromUserInput(argv[3]) != OGRERR_NONE) return 1;
    std::size_t coords = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        Coords c;
        if (by_rows) rows(*layer, c);
        else if (!arrow(*layer, c, argc == 5 ? argv[4] : nullptr)) {
            std::fprintf(stderr, "hcgis_floor: no Arrow stream for %s\n", layer->GetName());
            return 1;
        }
        if (c.x.empty() || !layer->GetSpatialRef()) continue;
        OGRSpatialReference from(*layer->GetSpatialRef());
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
        if (!ct) return 1;
        std::vector<int> ok(c.x.size());
        ct->Transform(static_cast<int>(c.x.size()), c.x.data(), c.y.data(), nullptr, ok.data());
        coords += c.x.size();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %zu coordinates in %.3f s\n", argv[1], coords, s);
    return 0;
}
