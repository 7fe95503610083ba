#include "io/repair_log.h"

#include <fmt/format.h>

namespace hcgis::io::detail {

void RepairLog::repaired(GIntBig fid, const std::string& reason, double before, double after) {
    if (repaired_++ < 5)
        examples_ += fmt::format("{}feature {} ({}): {:.1f} m² → {:.1f} m²", examples_.empty() ? "" : "; ", fid, reason,
                                 before, after);
    change_ += after - before;
}

void RepairLog::closed(GIntBig fid) {
    if (closed_++ == 0) first_closed_ = fid;
}

void RepairLog::left_out(GIntBig fid, const std::string& why) {
    auto& [count, first] = left_out_[why];
    if (count++ == 0) first = fid;
}

void RepairLog::report(const std::string& label, std::vector<std::string>* warnings) const {
    if (!warnings) return;
    if (repaired_ > 0)
        warnings->push_back(fmt::format("{}: --repair made {} invalid polygon{} valid with GEOSMakeValid, area {:+.1f} m² "
                                        "in all: {}{}",
                                        label, repaired_, repaired_ == 1 ? "" : "s", change_, examples_,
                                        repaired_ > 5 ? fmt::format("; and {} more", repaired_ - 5) : ""));
    if (closed_ > 0)
        warnings->push_back(fmt::format("{}: --repair closed the open rings of {} polygon{} (the first: feature {})",
                                        label, closed_, closed_ == 1 ? "" : "s", first_closed_));
    for (const auto& [why, cf] : left_out_)
        warnings->push_back(fmt::format("{}: --repair left out {} feature{} that {} (the first: feature {}); they "
                                        "count as rejected",
                                        label, cf.first, cf.first == 1 ? "" : "s", why, cf.second));
}

void keep_features(Layer& layer, const std::vector<int>& keep) {
    auto compact = [&](auto& v) {
        if (v.size() != keep.size()) return;
        std::size_t j = 0;
        for (std::size_t i = 0; i < keep.size(); ++i)
            if (keep[i]) v[j++] = std::move(v[i]);
        v.resize(j);
    };
    compact(layer.x);
    compact(layer.y);
    compact(layer.geoms);
    compact(layer.fid);
    for (auto& [k, v] : layer.numbers) compact(v);
    for (auto& [k, v] : layer.texts) compact(v);
}

}  // namespace hcgis::io::detail
