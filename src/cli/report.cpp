// hcgis report: the assessment report a planner hands in, as one vector PDF: cover, contents, summary, the
// zone's scorecard, the responsible units' task list, the spread across sub-districts, a page per
// sub-district with its map, and the map sheet of every indicator with a target.
#include "cli/common.h"

#include "core/roles.h"

#include "core/equity.h"
#include "core/tasks.h"
#include "io/output.h"
#include "io/report.h"
#include "render/proposal.h"
#include "render/report/report_pdf.h"
#include "render/sheet_text.h"
#include "render/style.h"
#include "render/thematic.h"

#include <QDate>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

namespace hcgis::cli {
namespace {

namespace fs = std::filesystem;

using render::Mark;
using render::ReportBlock;
using render::ReportSection;
using render::ReportTable;

struct Args {
    ProjectArgs project;
    std::string page = "A4";
    std::string mode = "auto";
    std::string review_number;
    std::string out;
};

/// What every part of the report reads.
struct Sources {
    const City& city;
    const Scorecard& card;
    const Catalog& catalog;
    const Scorecard* before = nullptr;  // with --scenario: the scorecard without the proposed sites (现状)
    std::string scenario;               // its file, for the text
};

const Value* value_of(const AreaResult& area, const std::string& id) {
    const auto it = area.values.find(id);
    return it == area.values.end() ? nullptr : &it->second;
}

std::string indicator_name(const IndicatorDef& def) {
    return def.unit_zh.empty() || def.unit_zh == "%" ? def.name_zh : def.name_zh + "（" + def.unit_zh + "）";
}

std::string value_text(const IndicatorDef& def, const Value& v) {
    return v.value ? io::format_value(*v.value, def.unit) : "—";
}

std::string mark_text(const Value& v) { return v.pass ? (*v.pass ? "✓ 达标" : "✗ 未达标") : "—"; }

Mark mark(const Value& v) { return v.pass ? (*v.pass ? Mark::Pass : Mark::Fail) : Mark::None; }

std::string gap_text(const Value& v) {
    if (v.gap) return v.gap->text;
    return v.value ? "" : io::reason_zh(v.reason);
}

ReportBlock table_block(ReportTable t) { return {ReportBlock::Kind::Table, {}, std::move(t)}; }
ReportBlock text_block(std::string s) { return {ReportBlock::Kind::Paragraph, std::move(s), {}}; }
ReportBlock heading_block(std::string s) { return {ReportBlock::Kind::Heading, std::move(s), {}}; }

/// An area's scorecard: every indicator with its value, target, standing and gap; `full` adds the plan
/// item and the responsible unit.
ReportTable area_table(const Sources& s, const AreaResult& area, bool full) {
    ReportTable t;
    t.header = {"指标", "现状值", "目标", "评估", "差距"};
    t.widths = full ? std::vector<double>{25, 11, 11, 10, 22, 8, 13} : std::vector<double>{37, 11, 11, 10, 31};
    t.compact = !full;
    if (full) t.header.insert(t.header.end(), {"规划条目", "责任单位"});
    t.mark_column = 3;
    for (const auto& id : s.card.ids) {
        const IndicatorDef* def = s.catalog.find(id);
        const Value* v = value_of(area, id);
        if (!def || !v) continue;
        std::vector<std::string> row{indicator_name(*def), value_text(*def, *v), io::target_text(def, *v), mark_text(*v),
                                     gap_text(*v)};
        if (full) row.insert(row.end(), {def->plan, def->responsible});
        t.rows.push_back(std::move(row));
        t.marks.push_back(mark(*v));
    }
    return t;
}

struct Count {
    int pass = 0, fail = 0, none = 0;
};

Count count(const AreaResult& area) {
    Count c;
    for (const auto& [id, v] : area.values) {
        if (!v.target) continue;
        if (!v.pass) ++c.none;
        else if (*v.pass) ++c.pass;
        else ++c.fail;
    }
    return c;
}

/// How far a failing value is from its target, relative to the target (1 where the target is 0).
double shortfall(const Value& v) {
    if (!v.value || !v.target) return 0;
    const double d = std::abs(*v.value - *v.target);
    return *v.target != 0 ? d / std::abs(*v.target) : 1.0;
}

ReportSection summary(const Sources& s) {
    ReportSection sec{"一、评估概要", {}, std::nullopt, 1};
    const Count total = count(s.card.total);
    sec.blocks.push_back(text_block(fmt::format(
        "本报告依据《健康开发区建设2020年工作要点》（规划条目 Z）与《连云港市健康城市建设行动计划》（规划条目 C），"
        "评估{}{}个街道的{}项健康城市空间指标。全区有目标值的指标中，{}项达标，{}项未达标，{}项因数据缺失未能计算。",
        s.city.name, s.card.districts.size(), s.card.ids.size(), total.pass, total.fail, total.none)));
    ReportTable t;
    t.header = {"区域", "常住人口", "达标", "未达标", "无数据", "达标率"};
    t.widths = {26, 16, 12, 12, 12, 14};
    auto row = [&](const AreaResult& a, std::optional<double> pop) {
        const Count c = count(a);
        const int assessed = c.pass + c.fail;
        t.rows.push_back({a.name, pop ? fmt::format("{:.0f}", *pop) : "—", std::to_string(c.pass), std::to_string(c.fail),
                          std::to_string(c.none), assessed ? fmt::format("{:.0f} %", 100.0 * c.pass / assessed) : "—"});
    };
    for (std::size_t d = 0; d < s.card.districts.size(); ++d) row(s.card.districts[d], s.city.districts.population[d]);
    row(s.card.total, std::nullopt);
    sec.blocks.push_back(heading_block("各街道达标情况"));
    sec.blocks.push_back(table_block(std::move(t)));

    struct Worst { double by; std::vector<std::string> row; };
    std::vector<Worst> worst;
    auto collect = [&](const AreaResult& a, const std::string& where) {
        for (const auto& id : s.card.ids) {
            const IndicatorDef* def = s.catalog.find(id);
            const Value* v = value_of(a, id);
            if (def && v && v->pass == false)
                worst.push_back({shortfall(*v), {indicator_name(*def), where, value_text(*def, *v), io::target_text(def, *v), gap_text(*v)}});
        }
    };
    for (const auto& d : s.card.districts) collect(d, d.name);
    collect(s.card.total, "全区");
    std::stable_sort(worst.begin(), worst.end(), [](const Worst& a, const Worst& b) { return a.by > b.by; });
    ReportTable w;
    w.header = {"指标", "区域", "现状值", "目标", "差距"};
    w.widths = {30, 14, 12, 12, 32};
    for (std::size_t i = 0; i < worst.size() && i < 15; ++i) w.rows.push_back(worst[i].row);
    sec.blocks.push_back(heading_block("主要差距（按距目标的相对差距排序）"));
    sec.blocks.push_back(worst.empty() ? text_block("各项指标均已达标。") : table_block(std::move(w)));
    return sec;
}

/// Whether indicator `id` was held against a target in the whole area or in a district.
bool has_target(const Sources& s, const std::string& id) {
    auto in = [&](const AreaResult& a) {
        const Value* v = value_of(a, id);
        return v && v->target;
    };
    return in(s.card.total) || std::any_of(s.card.districts.begin(), s.card.districts.end(), in);
}

/// Whether `unit` is responsible for an indicator that has a target somewhere: a unit without failing
/// indicators is then 已达标, else it has nothing assessed.
bool assessed(const Sources& s, const std::string& unit) {
    for (const auto& id : s.card.ids) {
        const IndicatorDef* def = s.catalog.find(id);
        if (!def) continue;
        const auto owners = responsible_units(def->responsible);
        if (std::find(owners.begin(), owners.end(), unit) == owners.end()) continue;
        if (has_target(s, id)) return true;
    }
    return false;
}

ReportSection tasks(const Sources& s) {
    ReportSection sec{"三、责任单位任务清单", {}, std::nullopt, 1};
    const auto units = task_list(s.card, s.catalog);
    ReportTable overview;
    overview.header = {"责任单位", "未达标任务", "状态"};
    overview.widths = {40, 25, 35};
    overview.mark_column = 2;
    for (const auto& u : units) {
        const bool judged = assessed(s, u.unit);
        overview.rows.push_back({u.unit, std::to_string(u.tasks.size()),
                                 !u.tasks.empty() ? "有待完成任务" : judged ? "已达标" : "所负责指标未设目标值"});
        overview.marks.push_back(!u.tasks.empty() ? Mark::Fail : judged ? Mark::Pass : Mark::None);
    }
    sec.blocks.push_back(text_block("按《行动计划》确定的责任分工，列出各责任单位所负责指标的未达标项、所在街道及差额；"
                                    "所负责指标均已达标的单位列为“已达标”，所负责指标未设目标值的单位注明不作考核。"));
    sec.blocks.push_back(table_block(std::move(overview)));
    for (const auto& u : units) {
        sec.blocks.push_back(heading_block(u.unit));
        if (u.tasks.empty()) {
            sec.blocks.push_back(text_block(assessed(s, u.unit) ? "已达标：所负责的各项指标均已达到目标值。"
                                                                : "所负责的指标未设目标值，本次不作考核。"));
            continue;
        }
        ReportTable t;
        t.header = {"指标", "区域", "差距", "规划条目"};
        t.widths = {30, 14, 44, 12};
        for (const Task& task : u.tasks) {
            const IndicatorDef* def = s.catalog.find(task.indicator);
            t.rows.push_back({def ? indicator_name(*def) : task.indicator, task.district.empty() ? "全区" : task.district,
                              task.gap.text.empty() ? "未达标" : task.gap.text, def ? def->plan : ""});
        }
        sec.blocks.push_back(table_block(std::move(t)));
    }
    return sec;
}

bool spread_matters(const IndicatorDef& def) {
    static const std::set<Unit> per_capita{Unit::M2PerPerson, Unit::Per1000, Unit::Per10k, Unit::Per1000Elderly};
    return def.id.find("coverage") != std::string::npos || per_capita.count(def.unit) > 0;
}

ReportSection equity(const Sources& s) {
    ReportSection sec{"四、街道间分布与均衡性", {}, std::nullopt, 1};
    sec.blocks.push_back(text_block(
        "规划目标按街道考核，但达标的街道平均值之下仍可能有居民未被覆盖。下表列出各覆盖率与人均指标在街道间的最低值、最高值、"
        "按常住人口（老年人指标按60岁以上人口）加权的均值与标准差，以及基尼系数：每位居民取其所在街道的指标值，"
        "0 表示各街道完全均衡，数值越大差异越大；n 个人口相同的街道中仅一个拥有全部设施时为 (n−1)/n。"));
    ReportTable t;
    t.header = {"指标", "最低", "最高", "加权均值", "加权标准差", "基尼系数"};
    t.widths = {28, 18, 18, 12, 12, 12};
    for (const auto& id : s.card.ids) {
        const IndicatorDef* def = s.catalog.find(id);
        if (!def || !spread_matters(*def)) continue;
        const bool elderly = id.find("elderly") != std::string::npos || def->unit == Unit::Per1000Elderly;
        std::vector<WeightedValue> values;
        const AreaResult *low = nullptr, *high = nullptr;
        for (std::size_t d = 0; d < s.card.districts.size(); ++d) {
            const Value* v = value_of(s.card.districts[d], id);
            const auto& w = elderly ? s.city.districts.elderly[d] : s.city.districts.population[d];
            if (!v || !v->value) continue;
            if (w) values.push_back({*v->value, *w});
            if (!low || *v->value < *value_of(*low, id)->value) low = &s.card.districts[d];
            if (!high || *v->value > *value_of(*high, id)->value) high = &s.card.districts[d];
        }
        if (!low) continue;
        auto at = [&](const AreaResult* a) { return a->name + " " + value_text(*def, *value_of(*a, id)); };
        const auto spread = weighted_spread(values);
        const auto g = gini(values);
        t.rows.push_back({indicator_name(*def), at(low), at(high), spread ? io::format_value(spread->mean, def->unit) : "—",
                          spread ? io::format_value(spread->sd, def->unit) : "—", g ? fmt::format("{:.3f}", *g) : "—"});
    }
    sec.blocks.push_back(t.rows.empty() ? text_block("没有可比较的覆盖率或人均指标。") : table_block(std::move(t)));
    return sec;
}

/// The facility layers of the indicators that fail in `area`: what its map shows.
std::vector<std::string> failing_layers(const Sources& s, const AreaResult& area) {
    std::vector<std::string> roles;
    for (const auto& id : s.card.ids) {
        const Value* v = value_of(area, id);
        if (!v || v->pass != false) continue;
        for (const auto& role : render::layers_for_indicator(id))
            if (role != "residents" && std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    }
    return roles;
}

std::vector<ReportSection> districts(const Sources& s) {
    std::vector<ReportSection> out{{"五、分街道评估", {}, std::nullopt, 1}};
    for (std::size_t d = 0; d < s.card.districts.size(); ++d) {
        const AreaResult& a = s.card.districts[d];
        const Count c = count(a);
        ReportSection sec{fmt::format("5.{} {}{}", d + 1, a.name, a.code.empty() ? "" : "（" + a.code + "）"), {},
                          render::DistrictMap{d, failing_layers(s, a)}, 2};
        const auto& pop = s.city.districts.population[d];
        const auto& old = s.city.districts.elderly[d];
        std::string facts = pop ? fmt::format("常住人口 {:.0f} 人", *pop) : "常住人口未提供";
        if (old) facts += fmt::format("，其中60岁以上 {:.0f} 人", *old);
        sec.blocks.push_back(text_block(fmt::format("{}。有目标值的指标中{}项达标，{}项未达标，{}项无数据。红线为街道范围，"
                                                    "图中标出未达标指标涉及的设施。",
                                                    facts, c.pass, c.fail, c.none)));
        sec.blocks.push_back(table_block(area_table(s, a, false)));
        out.push_back(std::move(sec));
    }
    return out;
}

std::vector<render::ReportSheet> sheets(const Sources& s, const Args& a, const std::string& project_file) {
    std::vector<render::ReportSheet> out;
    for (const auto& id : s.card.ids) {
        const IndicatorDef* def = s.catalog.find(id);
        if (!def || !has_target(s, id)) continue;
        render::ReportSheet sheet;
        sheet.thematic = render::make_thematic(s.card, *def, render::default_style(*def));
        sheet.roles = render::layers_for_indicator(id);
        sheet.text = render::sheet_text(s.city, *def, sheet.thematic, render::thematic_mode(s.card, id), project_file);
        sheet.text.review_number = QString::fromStdString(a.review_number);
        sheet.toc_title = fmt::format("6.{} {}", out.size() + 1, def->name_zh);
        out.push_back(std::move(sheet));
    }
    return out;
}

/// "（2026-03-01）": the date `source` was last changed, or "" where it is no plain file (/vsizip/ …).
std::string file_date(const std::string& source) {
    std::error_code ec;
    const auto t = fs::last_write_time(source, ec);
    if (ec) return {};
    const std::time_t when = std::chrono::system_clock::to_time_t(std::chrono::file_clock::to_sys(t));
    std::tm tm{};
    if (!::localtime_r(&when, &tm)) return {};
    return fmt::format("（{:04d}-{:02d}-{:02d}）", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string change_text(const IndicatorDef& def, const Value& was, const Value& now) {
    if (!was.value || !now.value) return "—";
    const double d = *now.value - *was.value;
    if (std::abs(d) < 1e-12) return "0";
    if (def.unit == Unit::Ratio) return fmt::format("{:+.1f} 个百分点", d * 100);
    return (d > 0 ? "+" : "-") + io::format_value(std::abs(d), def.unit);
}

/// With --scenario: 现状 / 方案 / 变化 of every indicator the proposed sites change, for the whole area and
/// each district, with the verdict under the proposal.
ReportSection comparison(const Sources& s) {
    std::size_t toilets = 0, fitness = 0;
    for (const auto& l : s.card.layers)
        for (const auto& b : s.before->layers)
            if (l.role == b.role && (l.role == "toilets" || l.role == "fitness"))
                (l.role == "toilets" ? toilets : fitness) += l.account.read - b.account.read;
    ReportSection sec{"方案对比（现状 / 方案 / 变化）",
                      {text_block(fmt::format("方案 {} 拟建公厕 {} 座、健身设施 {} 处。下表列出方案所改变的各项指标：现状值、"
                                              "方案实施后的值、变化及方案下的评估。报告其余各部分均按方案计算。",
                                              fs::path(s.scenario).filename().string(), toilets, fitness))},
                      std::nullopt, 2};
    ReportTable t;
    t.header = {"范围", "指标", "现状", "方案", "变化", "方案评估"};
    t.widths = {12, 30, 13, 13, 16, 16};
    t.mark_column = 5;
    auto rows = [&](const AreaResult& was, const AreaResult& now) {
        for (const auto& id : s.card.ids) {
            const IndicatorDef* def = s.catalog.find(id);
            const Value* a = value_of(was, id);
            const Value* b = value_of(now, id);
            if (!def || !a || !b || a->value == b->value) continue;
            t.rows.push_back({now.name, indicator_name(*def), value_text(*def, *a), value_text(*def, *b), change_text(*def, *a, *b),
                              mark_text(*b)});
            t.marks.push_back(mark(*b));
        }
    };
    rows(s.before->total, s.card.total);
    for (std::size_t d = 0; d < s.card.districts.size(); ++d) rows(s.before->districts[d], s.card.districts[d]);
    if (t.rows.empty()) sec.blocks.push_back(text_block("方案未改变任何指标的值。"));
    else sec.blocks.push_back(table_block(std::move(t)));
    return sec;
}

render::ReportDoc document(const Sources& s, const Args& a, const std::string& project_file) {
    render::ReportDoc doc;
    doc.title = s.city.name;
    doc.subtitle = "健康城市建设评估报告";
    const QDate today = QDate::currentDate();
    doc.date = fmt::format("{}年{}月{}日", today.year(), today.month(), today.day());
    doc.running_header = s.city.name;
    if (!s.city.attribution.empty()) doc.cover_facts.emplace_back("数据来源", s.city.attribution);
    std::string layers;
    for (const auto& l : s.card.layers) {
        layers += fmt::format("{}{}：{}{}", layers.empty() ? "" : "；", role_zh(l.role), fs::path(l.source).filename().string(),
                              file_date(l.source));
    }
    doc.cover_facts.emplace_back("图层数据", layers);
    doc.cover_facts.emplace_back("工作坐标系", fmt::format("{}（{}）", s.city.crs_name, s.city.crs));
    doc.cover_facts.emplace_back("审图号", a.review_number.empty() ? "________" : a.review_number);
    doc.cover_facts.emplace_back("编制", "hcgis 健康城市 GIS");
    ReportSection card{"二、指标评估总表", {text_block("全区（各街道合计）各项指标的现状值、目标值、评估结论、差距、规划条目与责任单位。")},
                       std::nullopt, 1};
    card.blocks.push_back(table_block(area_table(s, s.card.total, true)));
    doc.sections = {summary(s), std::move(card), tasks(s), equity(s)};
    if (s.before) doc.sections.insert(doc.sections.begin() + 2, comparison(s));
    for (auto& d : districts(s)) doc.sections.push_back(std::move(d));
    doc.sheets_title = "六、专题图";
    doc.sheets = sheets(s, a, project_file);
    return doc;
}

int run(const Args& a) {
    Opened opened(a.project);
    opened.check_outputs({a.out}, {".pdf"});
    City city = opened.load_project();
    std::optional<Scorecard> before;
    if (!a.project.scenario.empty()) {
        stage("computing the indicators without the scenario");
        before = opened.scorecard(city, a.mode);
        opened.add_scenario(city);
    }
    const Scorecard card = opened.scorecard(city, a.mode);
    const render::HeadlessApp qt;

    const Sources s{city, card, opened.catalog(), before ? &*before : nullptr, a.project.scenario};
    stage("laying out the report");
    const render::ReportDoc doc = document(s, a, opened.project().file.string());
    render::MapRenderer map(city);
    if (opened.proposal()) map.set_proposed(render::proposed_marks(*opened.proposal()));  // drawn apart
    render::ReportOptions ro;
    ro.size = a.page == "A3" ? QPageSize::A3 : QPageSize::A4;
    stage("drawing the report");
    const QByteArray bytes = render::render_report(doc, map, ro);
    stage("writing " + a.out);
    io::replace_file(a.out, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return 0;
}

}  // namespace

Command add_report(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("report", "the assessment report (评估报告) as a vector PDF");
    add_project_args(cmd, args->project, true);
    add_scenario_arg(cmd, args->project);
    cmd->add_option("--page", args->page, "A4 or A3")->check(CLI::IsMember({"A4", "A3"}))->capture_default_str();
    add_mode_option(cmd, args->mode, "walking distance: network, straight or auto");
    cmd->add_option("--review-number", args->review_number, "the map review number (审图号) to print");
    cmd->add_option("--out", args->out, "FILE.pdf")->required();
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
