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

/// Takes ownership of `g`; throws Error naming `what` and GEOS's message if `g` is null.
GeomPtr check(GEOSGeometry* g, std::string_view what);

/// Parses WKT. Throws Error with GEOS's parser message on bad input.
GeomPtr from_wkt(std::string_view wkt);
/// Parses (E)WKB. Throws Error on bad input.
GeomPtr from_wkb(std::span<const unsigned char> wkb);
/// WKT of `g`, with trailing zeros trimmed.
std::string to_wkt(const GEOSGeometry* g);

GeomPtr make_point(double x, double y);
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

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
/// The union of all parts (cascaded); an empty collection for no parts.
GeomPtr unary_union(std::span<const GEOSGeometry* const> parts);

struct Envelope {
    double minx, miny, maxx, maxy;
};
/// Envelope of a non-empty geometry. Throws Error for an empty one.
Envelope envelope(const GEOSGeometry* g);

/// Prepares `base`; the caller keeps ownership of `base`, which must outlive the result.
PreparedPtr prepare(const GEOSGeometry* base);
/// `p` intersects `g` (boundary included). Throws Error on GEOS failure.
bool intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool covers(const GEOSPreparedGeometry* p, const GEOSGeometry* g);

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
