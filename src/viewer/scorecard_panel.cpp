#include "viewer/scorecard_panel.h"

#include "io/report.h"
#include "viewer/qstring.h"

#include <QComboBox>
#include <QEvent>
#include <QTableWidget>
#include <QVBoxLayout>

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
    const QSignalBlocker block(indicator_box_);
    indicator_box_->clear();
    table_->clear();
    if (!card_) return;
    const auto& ids = card_->ids;
    table_->setColumnCount(static_cast<int>(ids.size()) + 1);
    table_->setRowCount(static_cast<int>(card_->districts.size()) + 1);
    QStringList headers{tr("街道")};
    for (const auto& id : ids) {
        const IndicatorDef* def = catalog_->find(id);
        const QString name = def ? q(def->name_zh) : q(id);
        headers << name;
        indicator_box_->addItem(name, q(id));
    }
    table_->setHorizontalHeaderLabels(headers);
    for (std::size_t d = 0; d < card_->districts.size(); ++d) fill_row(static_cast<int>(d), card_->districts[d]);
    fill_row(static_cast<int>(card_->districts.size()), card_->total);
    table_->resizeColumnsToContents();
}

void ScorecardPanel::fill_row(int row, const AreaResult& area) {
    const auto& ids = card_->ids;
    table_->setItem(row, 0, new QTableWidgetItem(q(area.name)));
    for (std::size_t c = 0; c < ids.size(); ++c) {
        auto it = area.values.find(ids[c]);
        auto* cell = new QTableWidgetItem;
        if (it != area.values.end()) {
            const Value& v = it->second;
            const IndicatorDef* def = catalog_->find(ids[c]);
            cell->setText(v.value ? q(io::format_value(*v.value, def)) : "—");
            if (v.pass) cell->setBackground(*v.pass ? QColor("#c7e9c0") : QColor("#fcbba1"));
            QString tip = v.value ? QString() : q(io::reason_zh(v.reason));
            if (v.gap) tip = q(v.gap->text);
            if (def) tip = q(def->plan + "  " + def->responsible) + (tip.isEmpty() ? "" : "\n" + tip);
            cell->setToolTip(tip);
        }
        table_->setItem(row, static_cast<int>(c) + 1, cell);
    }
}

void ScorecardPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange && table_->columnCount() > 0) table_->horizontalHeaderItem(0)->setText(tr("街道"));
    QWidget::changeEvent(e);
}

void ScorecardPanel::clicked(int row, int column) {
    if (!card_) return;
    if (row < static_cast<int>(card_->districts.size())) emit district_clicked(row);
    if (column > 0 && column - 1 < static_cast<int>(card_->ids.size()))
        emit indicator_chosen(card_->ids[static_cast<std::size_t>(column - 1)]);
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
