#include "core/analysis.h"

#include "core/indicators/toilets.h"

#include <fmt/format.h>

namespace hcgis {

Analysis::Analysis(const City& city) : city_(city), index_(city.districts.geom) {}

const std::vector<int>& Analysis::district_of(const std::string& role) {
    auto it = assigned_.find(role);
    if (it != assigned_.end()) return it->second;
    const Layer* layer = city_.layer(role);
    std::vector<int> where;
    if (layer && layer->kind == GeomKind::Point) where = index_.locate_all(layer->x, layer->y);
    return assigned_.emplace(role, std::move(where)).first->second;
}

const BuiltUp& Analysis::builtup() {
    if (!builtup_) builtup_ = std::make_unique<BuiltUp>(compute_builtup(city_.districts, city_.layer("builtup")));
    return *builtup_;
}

void Analysis::report_layers(Scorecard& card) {
    LayerReport districts{"districts", city_.districts.source, {}};
    districts.account.read = city_.districts.size();
    districts.account.in_district = city_.districts.size();
    card.layers.push_back(districts);

    for (const auto& [role, layer] : city_.layers) {
        LayerReport r{role, layer.source, layer.account};
        if (layer.kind == GeomKind::Point) {
            const auto& where = district_of(role);
            r.account.in_district = r.account.outside = 0;
            for (int d : where) (d == DistrictIndex::outside ? r.account.outside : r.account.in_district)++;
            if (r.account.outside > 0)
                card.warnings.push_back(fmt::format("{}: {} of {} features lie outside every district ({})", role,
                                                    r.account.outside, layer.size(), layer.source));
        } else {
            r.account.in_district = layer.size();
        }
        card.layers.push_back(r);
    }
}

Scorecard compute_scorecard(const City& city) {
    Scorecard card;
    card.districts.resize(city.districts.size());
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        card.districts[d].name = city.districts.name[d];
        card.districts[d].code = city.districts.code[d];
    }
    card.total.name = "合计";
    card.warnings = city.warnings;

    Analysis analysis(city);
    if (!city.layer("builtup"))
        card.warnings.push_back("builtup: no builtup layer, so each district's built-up area is the whole district");
    indicators::compute_toilets(analysis, card);
    analysis.report_layers(card);
    return card;
}

}  // namespace hcgis
