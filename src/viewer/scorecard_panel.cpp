#include "viewer/scorecard_panel.h"

#include "io/report.h"
#include "viewer/qstring.h"

#include <QComboBox>
#include <QEvent>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hcgis::viewer {

ScorecardPanel::ScorecardPanel(QWidget* parent) : QWidget(parent) {
    indicator_box_ = new QComboBox;
    table_ = new QTableWidget;
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* iv = new QVBoxLayout(this);
    iv->setContentsMargins(4, 4, 4, 4);
    iv->addWidget(indicator_box_);
    iv->addWidget(table_);
    connect(indicator_box_, &QComboBox::activated, this,
            [this](int i) { emit indicator_chosen(indicator_box_->itemData(i).toString().toStdString()); });
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { emit row_activated(row); });
    connect(table_, &QTableWidget::cellClicked, this, &ScorecardPanel::clicked);
}

void ScorecardPanel::set_scorecard(const Scorecard* card, const Catalog* catalog) {
    card_ = card;
    catalog_ = catalog;
    after_ = nullptr;
    fill();
}

void ScorecardPanel::set_comparison(const Scorecard* after, const std::vector<std::string>* changed) {
    if (!card_) return;
    // A proposal that makes an indicator computable (the first site of a kind the city lacks): all anew.
    if (!after || !after_ || !changed || table_->columnCount() != 3 * static_cast<int>(after->ids.size()) + 1) {
        after_ = after;
        fill();
        return;
    }
    after_ = after;
    // Only the columns of what changed, for every district and the total.
    const auto& ids = this->ids();
    for (const auto& id : *changed) {
        const auto it = std::find(ids.begin(), ids.end(), id);
        if (it == ids.end()) continue;
        const auto c = static_cast<std::size_t>(it - ids.begin());
        for (std::size_t d = 0; d < card_->districts.size(); ++d)
            fill_cells(static_cast<int>(d), c, card_->districts[d], &after_->districts[d]);
        fill_cells(static_cast<int>(card_->districts.size()), c, card_->total, &after_->total);
    }
}

int ScorecardPanel::column(const std::string& id, Part part) const {
    if (!card_) return -1;
    const auto it = std::find(ids().begin(), ids().end(), id);
    if (it == ids().end()) return -1;
    const int c = static_cast<int>(it - ids().begin());
    if (!after_) return part == Part::Before ? c + 1 : -1;
    return 1 + 3 * c + static_cast<int>(part);
}

int ScorecardPanel::indicator_of(int column) const {
    if (!card_ || column < 1) return -1;
    const int c = after_ ? (column - 1) / 3 : column - 1;
    return c < static_cast<int>(ids().size()) ? c : -1;
}

void ScorecardPanel::fill() {
    const QSignalBlocker block(indicator_box_);
    const QString chosen = indicator_box_->currentData().toString();
    indicator_box_->clear();
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    if (!card_) return;
    const auto& ids = this->ids();
    const int per = after_ ? 3 : 1;
    table_->setColumnCount(static_cast<int>(ids.size()) * per + 1);
    table_->setRowCount(static_cast<int>(card_->districts.size()) + 1);
    QStringList headers{tr("街道")};
    for (const auto& id : ids) {
        const IndicatorDef* def = catalog_->find(id);
        const QString name = def ? q(def->name_zh) : q(id);
        if (after_) headers << name + "\n" + tr("现状") << tr("方案") << tr("变化");
        else headers << name;
        indicator_box_->addItem(name, q(id));
    }
    table_->setHorizontalHeaderLabels(headers);
    for (std::size_t d = 0; d < card_->districts.size(); ++d)
        fill_row(static_cast<int>(d), card_->districts[d], after_ ? &after_->districts[d] : nullptr);
    fill_row(static_cast<int>(card_->districts.size()), card_->total, after_ ? &after_->total : nullptr);
    table_->resizeColumnsToContents();
    if (!chosen.isEmpty()) indicator_box_->setCurrentIndex(indicator_box_->findData(chosen));
}

void ScorecardPanel::fill_row(int row, const AreaResult& area, const AreaResult* after) {
    table_->setItem(row, 0, new QTableWidgetItem(q(area.name)));
    for (std::size_t c = 0; c < ids().size(); ++c) fill_cells(row, c, area, after);
}

namespace {

/// A cell showing `v` of indicator `def`: its value (also as Qt::UserRole), green or red as it passes, the
/// plan item and the gap as its tooltip.
QTableWidgetItem* value_cell(const Value* v, const IndicatorDef* def) {
    auto* cell = new QTableWidgetItem;
    if (!v) return cell;
    cell->setText(v->value ? q(io::format_value(*v->value, def)) : "—");
    if (v->value) cell->setData(Qt::UserRole, *v->value);
    if (v->pass) cell->setBackground(*v->pass ? QColor("#c7e9c0") : QColor("#fcbba1"));
    QString tip = v->value ? QString() : q(io::reason_zh(v->reason));
    if (v->gap) tip = q(v->gap->text);
    if (def) tip = q(def->plan + "  " + def->responsible) + (tip.isEmpty() ? "" : "\n" + tip);
    cell->setToolTip(tip);
    return cell;
}

const Value* value_of(const AreaResult& area, const std::string& id) {
    const auto it = area.values.find(id);
    return it == area.values.end() ? nullptr : &it->second;
}

}  // namespace

void ScorecardPanel::fill_cells(int row, std::size_t c, const AreaResult& area, const AreaResult* after) {
    const std::string& id = ids()[c];
    const IndicatorDef* def = catalog_->find(id);
    const Value* before = value_of(area, id);
    if (!after) {
        table_->setItem(row, static_cast<int>(c) + 1, value_cell(before, def));
        return;
    }
    const int col = 1 + 3 * static_cast<int>(c);
    const Value* now = value_of(*after, id);
    table_->setItem(row, col, value_cell(before, def));
    table_->setItem(row, col + 1, value_cell(now, def));
    auto* change = new QTableWidgetItem;
    if (before && now && before->value && now->value) {
        const double d = *now->value - *before->value;
        change->setData(Qt::UserRole, d);
        // No change stays blank, so the cells that moved stand out.
        if (std::abs(d) > 1e-12) {
            // A share changes by percentage points (39.0 % → 42.3 % is +3.3 个百分点), as the report says it.
            const QString amount = def && def->unit == Unit::Ratio ? QString::number(std::abs(d) * 100, 'f', 1) + tr(" 个百分点")
                                                           : q(io::format_value(std::abs(d), def));
            change->setText((d > 0 ? "+" : "−") + amount);
            change->setForeground(QColor(d > 0 ? "#1b7837" : "#b2182b"));
        }
        if (before->pass && now->pass && *before->pass != *now->pass)
            change->setText(change->text() + (*now->pass ? " ✓" : " ✗"));
    }
    table_->setItem(row, col + 2, change);
}

void ScorecardPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange && after_) fill();  // 现状, 方案, 变化 too
    else if (e->type() == QEvent::LanguageChange && table_->columnCount() > 0) table_->horizontalHeaderItem(0)->setText(tr("街道"));
    QWidget::changeEvent(e);
}

void ScorecardPanel::clicked(int row, int column) {
    if (!card_) return;
    if (row < static_cast<int>(card_->districts.size())) emit district_clicked(row);
    if (const int c = indicator_of(column); c >= 0) emit indicator_chosen(ids()[static_cast<std::size_t>(c)]);
}

void ScorecardPanel::show_indicator(const std::string& id) { indicator_box_->setCurrentIndex(indicator_box_->findData(q(id))); }

void ScorecardPanel::select_row(int d) {
    if (d < 0) {
        table_->clearSelection();
        return;
    }
    const QSignalBlocker block(table_);
    table_->selectRow(d);
}

}  // namespace hcgis::viewer
