// Two values, or two whole scorecards, the same to the last bit: what the suites check where two ways of
// computing the indicators must agree.
#pragma once

#include "core/scorecard.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace hcgis::test {

inline void require_same(const Value& a, const Value& b) {
    REQUIRE(a.value == b.value);
    REQUIRE(a.reason == b.reason);
    REQUIRE(a.detail == b.detail);
    REQUIRE(a.mode == b.mode);
    REQUIRE(a.data_target == b.data_target);
    REQUIRE(a.target == b.target);
    REQUIRE(a.pass == b.pass);
    REQUIRE(a.gap.has_value() == b.gap.has_value());
    if (a.gap) {
        REQUIRE(a.gap->amount == b.gap->amount);
        REQUIRE(a.gap->unit == b.gap->unit);
        REQUIRE(a.gap->text == b.gap->text);
    }
}

/// The same ids, warnings and notes in the same order, every value of every district and of the total,
/// as many layers accounted for and the same stages timed.
inline void require_same(const Scorecard& a, const Scorecard& b) {
    REQUIRE(a.ids == b.ids);
    REQUIRE(a.warnings == b.warnings);
    REQUIRE(a.notes == b.notes);
    REQUIRE(a.districts.size() == b.districts.size());
    for (const auto& id : a.ids) {
        INFO(id);
        for (std::size_t d = 0; d < a.districts.size(); ++d) {
            REQUIRE(a.districts[d].values.size() == b.districts[d].values.size());
            require_same(a.districts[d].values.at(id), b.districts[d].values.at(id));
        }
        require_same(a.total.values.at(id), b.total.values.at(id));
    }
    REQUIRE(a.layers.size() == b.layers.size());
    std::vector<std::string> ta, tb;
    for (const auto& [name, secs] : a.timings) ta.push_back(name);
    for (const auto& [name, secs] : b.timings) tb.push_back(name);
    REQUIRE(ta == tb);
}

}  // namespace hcgis::test
