#include "viewer/identify_panel.h"

#include "io/report.h"
#include "viewer/qstring.h"
#include "viewer/role_names.h"

#include <cmath>

namespace hcgis::viewer {
namespace {

const char* const point_roles[] = {"toilets", "fitness", "residents", "clinics", "eldercare", "communities", "markets", "candidates"};

QString row(const QString& key, const QString& value) { return QString("<tr><td>%1</td><td>%2</td></tr>").arg(key, value); }

}  // namespace

IdentifyPanel::IdentifyPanel(QWidget* parent) : QTextBrowser(parent) {}

void IdentifyPanel::set_project(Analysis* analysis, const Scorecard* card, const Catalog* catalog,
                                const render::MapRenderer* renderer) {
    analysis_ = analysis;
    card_ = card;
    catalog_ = catalog;
    renderer_ = renderer;
    after_ = nullptr;
    fitness_cover_.reset();
}

bool IdentifyPanel::show_feature(QPointF at, double tolerance) {
    if (!analysis_ || !renderer_) return false;
    const City& city = analysis_->city();
    std::string best_role;
    std::size_t best_i = 0;
    double best_d = tolerance;
    for (const char* role : point_roles) {
        const Layer* layer = city.layer(role);
        if (!layer || !renderer_->visible(role)) continue;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            const double d = std::hypot(layer->x[i] - at.x(), layer->y[i] - at.y());
            if (d < best_d) {
                best_d = d;
                best_role = role;
                best_i = i;
            }
        }
    }
    if (best_role.empty()) return false;
    const Layer& layer = *city.layer(best_role);
    QString html = QString("<h3>%1 #%2</h3><table>").arg(role_name(best_role)).arg(layer.fid[best_i]);
    for (const auto& [k, v] : layer.numbers) html += row(q(k), QString("%1").arg(v[best_i]));
    for (const auto& [k, v] : layer.texts) html += row(q(k), q(v[best_i]));
    if (best_role == "residents" && city.layer("fitness")) {
        const double walk = walk_to_fitness(best_i);
        html += row(tr("步行至最近健身设施"), std::isfinite(walk) ? QString("%1 m").arg(walk, 0, 'f', 0) : tr("超出范围"));
    }
    setHtml(html + "</table>");
    return true;
}

double IdentifyPanel::walk_to_fitness(std::size_t i) {
    if (!fitness_cover_) {
        CoverageOptions o;
        o.facility = "fitness";
        fitness_cover_ = coverage_map(*analysis_, o);
    }
    return fitness_cover_->residents.distance[i];
}

void IdentifyPanel::show_site(const ProposedSite& s) {
    if (!analysis_) return;
    QString cls = tr("无等级");
    for (const auto& c : render::categories(s.role))
        if (s.cls && c.code == *s.cls && &c != &render::categories(s.role).back()) cls = QString::fromUtf8(c.label);
    const int d = analysis_->index().locate(s.x, s.y);
    const auto& districts = analysis_->city().districts;
    QString html = QString("<h3>%1 %2 #%3</h3><table>").arg(tr("拟建"), role_name(s.role)).arg(s.id);
    html += row(tr("等级"), cls);
    html += row(tr("位置"), QString("%1, %2").arg(s.x, 0, 'f', 1).arg(s.y, 0, 'f', 1));
    html += row(tr("街道"), d >= 0 ? q(districts.name[static_cast<std::size_t>(d)]) : tr("不在任何街道内"));
    html += "</table>";
    if (!s.note.empty()) html += QString("<p><b>%1</b> %2</p>").arg(tr("推荐理由"), q(s.note).toHtmlEscaped());
    setHtml(html);
}

void IdentifyPanel::show_district(int d) {
    if (!analysis_ || d < 0) {
        setHtml(tr("此处无要素"));
        return;
    }
    const auto& districts = analysis_->city().districts;
    const auto k = static_cast<std::size_t>(d);
    QString html = QString("<h3>%1 %2</h3><p>%3 %4</p><table>")
                       .arg(q(districts.name[k]), q(districts.code[k]), tr("常住人口"))
                       .arg(districts.population[k] ? QString::number(*districts.population[k], 'f', 0) : "—");
    for (const auto& id : card_->ids) {
        const Value& before = card_->districts[k].values.at(id);
        // With a proposal: 现状 → 方案, pass and gap of 方案.
        const auto a = after_ ? after_->districts[k].values.find(id) : card_->districts[k].values.end();
        const bool compared = after_ && a != after_->districts[k].values.end();
        const Value& v = compared ? a->second : before;
        const IndicatorDef* def = catalog_->find(id);
        QString shown = v.value ? q(io::format_value(*v.value, def)) : "—";
        if (compared && before.value != v.value)
            shown = (before.value ? q(io::format_value(*before.value, def)) : "—") + " → " + shown;
        html += QString("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(def ? q(def->name_zh) : q(id))
                    .arg(shown)
                    .arg(v.pass ? (*v.pass ? "✓" : "✗ " + (v.gap ? q(v.gap->text) : QString())) : QString());
    }
    setHtml(html + "</table>");
}

}  // namespace hcgis::viewer
