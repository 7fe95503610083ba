// Why an indicator's value could not be computed: a code with the role and field it is about, never a
// sentence to be parsed again. io and the viewer turn it into Chinese; english() gives the words of the
// JSON report.
#pragma once

#include <string>

namespace hcgis {

struct Reason {
    enum class Code {
        None,                      // the value was computed
        NoLayer,                   // the project has no `role` layer
        NoField,                   // the `role` layer maps no `field`
        NoBuiltup,                 // the district has no built-up area
        NoToiletsInBuiltup,        // no public toilets in the built-up area
        ZeroPopulation,            // the district's population is 0
        ZeroPopulationTotal,       // the whole area's population is 0
        NoResidentPoints,          // no resident points in the district
        NoElderly,                 // no residents aged 60+
        NoUrbanCommunities,
        NoRuralCommunities,
        NoStationsOrVillageClinics,
        NoVillageClinics,
        NoVaccinationClinics,
        NoDistricts,
        OffNetwork,                // most of the district's residents lie beyond the roads layer
        PartialNetwork,            // the whole area: the roads layer reaches only some districts
    };
    Code code = Code::None;
    std::string role;
    std::string field;

    static Reason no_layer(std::string role) { return {Code::NoLayer, std::move(role), {}}; }
    static Reason no_field(std::string role, std::string field) { return {Code::NoField, std::move(role), std::move(field)}; }
    static Reason of(Code code) { return {code, {}, {}}; }

    bool empty() const { return code == Code::None; }
    /// In English, as the JSON and CSV reports give it ("not computed: no toilets layer"); "" for None.
    std::string english() const;
    bool operator==(const Reason&) const = default;
};

}  // namespace hcgis
