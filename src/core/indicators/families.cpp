// The families of indicators, in the order they are computed. Each is defined in the file named like
// its indicators (core/indicators/indicator.h says the rule).
#include "core/indicators/indicator.h"

namespace hcgis::indicators {

extern const Family toilet, fitness, sports, park, eldercare, homecare, gp, public_health, tcm, vaccination, food,
    vector_demo, healthy, health_trail, farmers;

const std::vector<const Family*>& families() {
    static const std::vector<const Family*> all{&toilet,  &fitness,      &sports, &park,        &eldercare,
                                                &homecare, &gp,          &public_health, &tcm, &vaccination,
                                                &food,    &vector_demo,       &healthy, &health_trail, &farmers};
    return all;
}

bool reads_residents(const Family& family) {
    for (const Indicator& i : family.indicators)
        for (const std::string& role : i.layers)
            if (role == "residents") return true;
    return false;
}

const Indicator* find_indicator(const std::string& id) {
    for (const Family* f : families())
        for (const Indicator& i : f->indicators)
            if (id == i.id) return &i;
    return nullptr;
}

}  // namespace hcgis::indicators
