#include "core/proposal.h"

#include "core/codes.h"
#include "core/error.h"
#include "core/sites/suggest.h"

#include <algorithm>

namespace hcgis {

const std::vector<std::string>& proposable_roles() {
    static const std::vector<std::string> roles{"toilets", "fitness"};
    return roles;
}

bool is_proposable(const std::string& role) {
    const auto& r = proposable_roles();
    return std::find(r.begin(), r.end(), role) != r.end();
}

double class_or_default(const std::string& role, const std::optional<double>& cls) {
    if (cls) return *cls;
    return role == "toilets" ? codes::toilet_class_3 : codes::fitness_small;
}

bool valid_class(const std::string& role, double cls) {
    const double top = role == "toilets" ? codes::toilet_below_class_3 : codes::fitness_large;
    return cls >= 1 && cls <= top && cls == static_cast<double>(static_cast<int>(cls));
}

void append_sites(Layer& layer, const Proposal& proposal) {
    for (const ProposedSite& s : proposal.sites) {
        if (s.role != layer.role) continue;
        layer.x.push_back(s.x);
        layer.y.push_back(s.y);
        layer.fid.push_back(s.id);
        for (auto& [key, column] : layer.numbers) column.push_back(key == "class" ? class_or_default(s.role, s.cls) : 0.0);
        for (auto& [key, column] : layer.texts) column.emplace_back();
        ++layer.account.read;
    }
}

void append_proposal(City& city, const Proposal& proposal) {
    for (const ProposedSite& s : proposal.sites)
        if (!is_proposable(s.role)) throw UsageError("a proposed site is a toilet or a fitness site, not \"" + s.role + "\"");
    for (const std::string& role : proposable_roles()) {
        const bool any = std::any_of(proposal.sites.begin(), proposal.sites.end(),
                                     [&](const ProposedSite& s) { return s.role == role; });
        if (!any) continue;
        auto it = city.layers.find(role);
        if (it == city.layers.end()) {
            Layer layer;
            layer.role = role;
            layer.source = "proposal";
            layer.crs = city.crs;
            layer.kind = GeomKind::Point;
            const bool classed = std::any_of(proposal.sites.begin(), proposal.sites.end(),
                                             [&](const ProposedSite& s) { return s.role == role && s.cls; });
            if (classed) layer.numbers["class"];
            it = city.layers.emplace(role, std::move(layer)).first;
        }
        append_sites(it->second, proposal);
    }
}

Proposal proposal_of(const sites::SuggestResult& result, const City& city) {
    Proposal p;
    const Layer* existing = city.layer(result.facility);
    const bool classed = existing && existing->has_number("class");
    std::vector<const sites::SuggestedSite*> ranked;
    for (const auto& s : result.sites) ranked.push_back(&s);
    std::stable_sort(ranked.begin(), ranked.end(), [](auto* a, auto* b) { return a->rank < b->rank; });
    for (const sites::SuggestedSite* s : ranked) {
        ProposedSite site;
        site.id = static_cast<int>(p.sites.size()) + 1;
        site.role = result.facility;
        site.x = s->x, site.y = s->y;
        if (classed) site.cls = class_or_default(result.facility, std::nullopt);
        site.note = s->note;
        p.sites.push_back(std::move(site));
    }
    return p;
}

}  // namespace hcgis
