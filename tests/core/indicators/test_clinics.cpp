// Primary health care (clinics.cpp), from the clinics' attributes summed by district: GPs and
// public-health staff per 10 000 residents, the shares of stations and village clinics with a 中医阁, of
// village clinics offering TCM, and of vaccination clinics that are standardised.
#include "core/analysis.h"

#include "core/codes.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::test;

namespace {

struct Clinic {
    double x, y, kind, gps, staff, pavilion, tcm, vaccination, standard;
};

// Districts A (10 000 residents) and B (20 000).
//      kind     GPs staff 中医阁 TCM vaccination standardised
//   A  centre     6   10    0     0    1          1
//      station    2    3    1     0    1          0
//      village    1    1    0     1    0          0
//   B  centre     4    8    1     0    1          1
//      village    0    1    1     0    0          0
//      village    1    1    1     1    0          0
//      other      1    2    1     1    0          1   (standardised, but no vaccination clinic)
City clinics_city() {
    City c = test::two_districts();
    const Clinic all[] = {
        {100, 100, codes::clinic_centre, 6, 10, 0, 0, 1, 1},   {200, 100, codes::clinic_station, 2, 3, 1, 0, 1, 0},
        {300, 100, codes::clinic_village, 1, 1, 0, 1, 0, 0},   {2100, 100, codes::clinic_centre, 4, 8, 1, 0, 1, 1},
        {2200, 100, codes::clinic_village, 0, 1, 1, 0, 0, 0},  {2300, 100, codes::clinic_village, 1, 1, 1, 1, 0, 0},
        {2400, 100, codes::clinic_other, 1, 2, 1, 1, 0, 1},
    };
    std::vector<Pt> pts;
    for (const Clinic& k : all)
        pts.push_back({k.x, k.y,
                       {{"kind", k.kind}, {"gps", k.gps}, {"public_health_staff", k.staff}, {"tcm_pavilion", k.pavilion},
                        {"tcm_service", k.tcm}, {"vaccination_clinic", k.vaccination},
                        {"vaccination_standard", k.standard}}});
    test::add_points(c, "clinics", pts);
    return c;
}

}  // namespace

TEST_CASE("GPs and public-health staff per 10 000 residents", "[clinics]") {
    const Scorecard s = compute_scorecard(clinics_city());
    // GPs: A 9 / 10 000 × 10 000 = 9; B 6 / 20 000 × 10 000 = 3; total 15 / 30 000 × 10 000 = 5.
    check_values(s, "gp_per_10k", 9.0, 3.0, 5.0);
    CHECK(detail(value(s, -1, "gp_per_10k"), "gps") == Approx(15).margin(1e-9));
    // Staff: A 14; B 12 / 2 = 6; total 26 / 3.
    check_values(s, "public_health_staff_per_10k", 14.0, 6.0, 26.0 / 3.0);
}

TEST_CASE("中医阁 among stations and village clinics, TCM among village clinics", "[clinics]") {
    const Scorecard s = compute_scorecard(clinics_city());
    // 中医阁: A the station of station + village, 1 / 2; B both village clinics, 2 / 2 (the centre and the
    // other clinic do not count); total 3 / 4.
    check_values(s, "tcm_pavilion_share", 0.5, 1.0, 0.75);
    CHECK(detail(value(s, -1, "tcm_pavilion_share"), "stations_and_village_clinics") == Approx(4).margin(1e-9));
    // TCM service: A 1 / 1; B 1 / 2; total 2 / 3.
    check_values(s, "tcm_service_share_village", 1.0, 0.5, 2.0 / 3.0);
}

TEST_CASE("standardised vaccination clinics among vaccination clinics", "[clinics]") {
    const Scorecard s = compute_scorecard(clinics_city());
    // A 1 / 2; B 1 / 1 (the standardised clinic that vaccinates nobody is no vaccination clinic); 2 / 3.
    check_values(s, "vaccination_clinic_standard_share", 0.5, 1.0, 2.0 / 3.0);
}

TEST_CASE("clinic indicators without their fields or districts without such clinics: null with the reason",
          "[clinics]") {
    City c = clinics_city();
    c.layers.at("clinics").numbers.erase("kind");
    c.layers.at("clinics").numbers.erase("gps");
    const Scorecard s = compute_scorecard(c);
    CHECK(value(s, 0, "tcm_pavilion_share").reason.english() == "not computed: the clinics layer maps no kind field");
    CHECK(value(s, 0, "gp_per_10k").reason.english() == "not computed: the clinics layer maps no gps field");
    CHECK(val(s, 0, "public_health_staff_per_10k") == Approx(14.0).epsilon(1e-12));  // the rest stands

    City none = clinics_city();
    auto& kind = none.layers.at("clinics").numbers.at("kind");
    kind[2] = codes::clinic_centre;  // A's village clinic becomes a centre
    CHECK(value(compute_scorecard(none), 0, "tcm_service_share_village").reason.english() == "no village clinics here");
}
