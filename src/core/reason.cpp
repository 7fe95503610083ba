#include "core/reason.h"

namespace hcgis {

std::string Reason::english() const {
    switch (code) {
    case Code::None: return {};
    case Code::NoLayer: return "not computed: no " + role + " layer";
    case Code::NoField: return "not computed: the " + role + " layer maps no " + field + " field";
    case Code::NoBuiltup: return "no built-up area in this district";
    case Code::NoToiletsInBuiltup: return "no public toilets in the built-up area";
    case Code::ZeroPopulation: return "the district's population is 0";
    case Code::ZeroPopulationTotal: return "the population is 0";
    case Code::NoResidentPoints: return "no resident points in this district";
    case Code::NoElderly: return "the district has no residents aged 60+";
    case Code::NoUrbanCommunities: return "no urban communities here";
    case Code::NoRuralCommunities: return "no rural communities here";
    case Code::NoStationsOrVillageClinics: return "no community stations or village clinics here";
    case Code::NoVillageClinics: return "no village clinics here";
    case Code::NoVaccinationClinics: return "no vaccination clinics here";
    case Code::NoDistricts: return "no districts";
    case Code::OffNetwork:
        return "the roads layer does not reach most of the district's residents (more than 300 m from any walkable road)";
    case Code::PartialNetwork: return "the roads layer reaches only some districts, so no walking figure for the whole area";
    }
    return {};
}

}  // namespace hcgis
