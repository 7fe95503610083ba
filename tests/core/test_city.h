// A City built in a test, without files: districts and layers from WKT and coordinates, and reading a
// scorecard's values back. Shared by the core tests.
#pragma once

#include "core/analysis.h"
#include "core/city.h"
#include "core/scorecard.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hcgis::test {

/// Districts A (甲街道, x 0-2000) and B (乙街道, x 2000-4000), 2 km × 2 km each, sharing the border
/// x = 2000; 10 000 and 20 000 residents, 2 000 and 5 000 of them aged 60+.
inline City two_districts() {
    City c;
    c.name = "test";
    c.crs = "EPSG:4549";
    c.districts.name = {"甲街道", "乙街道"};
    c.districts.code = {"A", "B"};
    c.districts.population = {10000.0, 20000.0};
    c.districts.elderly = {2000.0, 5000.0};
    c.districts.geom.push_back(geos::from_wkt("POLYGON((0 0,2000 0,2000 2000,0 2000,0 0))"));
    c.districts.geom.push_back(geos::from_wkt("POLYGON((2000 0,4000 0,4000 2000,2000 2000,2000 0))"));
    c.districts.fid = {0, 1};
    return c;
}

/// A point with its attributes, by the keys the project maps ("class", "population" ...).
struct Pt {
    double x, y;
    std::vector<std::pair<std::string, double>> numbers = {};
};

/// Adds point layer `role` to `c` and returns it; every point must carry the same keys.
inline Layer& add_points(City& c, const std::string& role, const std::vector<Pt>& pts) {
    Layer l;
    l.role = role;
    l.source = role + ".test";
    l.kind = GeomKind::Point;
    for (const Pt& p : pts) {
        l.x.push_back(p.x);
        l.y.push_back(p.y);
        l.fid.push_back(static_cast<std::int64_t>(l.fid.size()));
        for (const auto& [key, v] : p.numbers) l.numbers[key].push_back(v);
    }
    l.account.read = l.size();
    return c.layers.insert_or_assign(role, std::move(l)).first->second;
}

/// Adds line or polygon layer `role` to `c` from WKT and returns it.
inline Layer& add_shapes(City& c, const std::string& role, GeomKind kind, const std::vector<std::string>& wkt) {
    Layer l;
    l.role = role;
    l.source = role + ".test";
    l.kind = kind;
    for (const auto& w : wkt) {
        l.geoms.push_back(geos::from_wkt(w));
        l.fid.push_back(static_cast<std::int64_t>(l.fid.size()));
    }
    l.account.read = l.size();
    return c.layers.insert_or_assign(role, std::move(l)).first->second;
}

/// "POLYGON((x0 y0, ...))" of the rectangle [x0, x1] × [y0, y1].
inline std::string rect(double x0, double y0, double x1, double y1) {
    auto xy = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
    return "POLYGON((" + xy(x0, y0) + "," + xy(x1, y0) + "," + xy(x1, y1) + "," + xy(x0, y1) + "," + xy(x0, y0) + "))";
}

/// The value of `id` for district `d` (the total for d < 0).
inline const Value& value(const Scorecard& s, int d, const std::string& id) {
    const AreaResult& a = d < 0 ? s.total : s.districts.at(static_cast<std::size_t>(d));
    auto it = a.values.find(id);
    INFO("indicator " << id << ", district " << d);
    REQUIRE(it != a.values.end());
    return it->second;
}

/// The number of `id` for district `d`; fails the test when it is null.
inline double val(const Scorecard& s, int d, const std::string& id) {
    const Value& v = value(s, d, id);
    INFO("indicator " << id << ", district " << d << ": " << v.reason.english());
    REQUIRE(v.value.has_value());
    return *v.value;
}

/// Checks indicator `id` of district A, district B and the total against `a`, `b` and `total`, to a
/// relative tolerance `eps` (absolute near 0).
inline void check_values(const Scorecard& s, const std::string& id, double a, double b, double total,
                         double eps = 1e-12) {
    const double want[] = {a, b, total};
    for (const int d : {0, 1, -1}) {
        INFO(id << (d == 0 ? " of A" : d == 1 ? " of B" : " of the total"));
        CHECK(val(s, d, id) == Approx(want[d < 0 ? 2 : d]).epsilon(eps).margin(eps));
    }
}

/// The detail `key` of `v`; fails the test when it has none.
inline double detail(const Value& v, const std::string& key) {
    const std::optional<double> d = v.get(key);
    INFO("detail " << key);
    REQUIRE(d.has_value());
    return *d;
}

}  // namespace hcgis::test
