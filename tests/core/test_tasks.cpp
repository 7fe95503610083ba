#include "core/tasks.h"

#include <catch2/catch.hpp>

using namespace hcgis;

namespace {

IndicatorDef def(std::string id, std::string responsible, bool total_only = false) {
    IndicatorDef d;
    d.id = std::move(id);
    d.responsible = std::move(responsible);
    d.zone_total_only = total_only;
    return d;
}

Value assessed(double v, bool pass, double amount = 0, std::string text = {}) {
    Value out = Value::of(v);
    out.pass = pass;
    if (!pass) out.gap = Gap{amount, "座", std::move(text)};
    return out;
}

}  // namespace

TEST_CASE("responsible units are split on , ， and 、 and trimmed", "[tasks]") {
    CHECK(responsible_units("区住建局, 各街道") == std::vector<std::string>{"区住建局", "各街道"});
    CHECK(responsible_units("区住建局，区城管局、 各街道 ") == std::vector<std::string>{"区住建局", "区城管局", "各街道"});
    CHECK(responsible_units("").empty());
}

TEST_CASE("the task list holds exactly the failing values, grouped by unit, and a unit without any is listed empty",
          "[tasks]") {
    const Catalog catalog({def("toilets", "区住建局, 各街道"), def("parks", "区住建局"), def("beds", "区社会事业局"),
                           def("enterprises", "区经发局", true)});
    Scorecard card;
    card.districts = {{"中云街道", "1", {}}, {"猴嘴街道", "2", {}}};
    card.total.name = "全区";
    card.set("toilets", 0, assessed(3, false, 8, "还需新增三类及以上公厕 8 座"));
    card.set("toilets", 1, assessed(6, true));
    card.set("toilets", -1, assessed(4, false, 5, "还需新增三类及以上公厕 5 座"));
    card.set("parks", 0, assessed(20, true));
    card.set("parks", 1, assessed(9, false, 7.9e5, "还需公园绿地 79.0 万 m²"));
    card.set("parks", -1, assessed(16, true));
    card.set("beds", 0, Value::none(Reason::no_layer("eldercare")));
    card.set("beds", -1, assessed(45, true));
    card.set("enterprises", 0, assessed(1, false, 1, "district values of a zone-total target are no task"));
    card.set("enterprises", -1, assessed(10, false, 5, "还需健康企业 5 个"));

    const auto units = task_list(card, catalog);
    REQUIRE(units.size() == 4);
    CHECK(units[0].unit == "区住建局");
    REQUIRE(units[0].tasks.size() == 3);
    CHECK(units[0].tasks[0].indicator == "toilets");
    CHECK(units[0].tasks[0].district == "中云街道");
    CHECK(units[0].tasks[0].gap.amount == 8);
    CHECK(units[0].tasks[1].district.empty());  // the whole area
    CHECK(units[0].tasks[2].indicator == "parks");
    CHECK(units[0].tasks[2].district == "猴嘴街道");
    CHECK(units[1].unit == "各街道");
    CHECK(units[1].tasks.size() == 2);
    CHECK(units[2].unit == "区社会事业局");
    CHECK(units[2].tasks.empty());  // 已达标: passing, or without a value
    CHECK(units[3].unit == "区经发局");
    REQUIRE(units[3].tasks.size() == 1);
    CHECK(units[3].tasks[0].gap.text == "还需健康企业 5 个");
}
