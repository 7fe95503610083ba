#include "viewer/suggest_dialog.h"

#include "viewer/qstring.h"
#include "viewer/role_names.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QRadioButton>
#include <QSpinBox>

namespace hcgis::viewer {

SuggestDialog::SuggestDialog(const City& city, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("推荐选址"));
    setObjectName("suggest_dialog");
    facility_ = new QComboBox;
    for (const char* f : {"fitness", "toilets"}) facility_->addItem(role_name(f), QString(f));
    by_count_ = new QRadioButton(tr("新增数量"));
    to_target_ = new QRadioButton(tr("达到目标为止"));
    by_count_->setChecked(true);
    count_ = new QSpinBox;
    count_->setRange(1, 500);
    count_->setValue(3);
    auto* how = new QHBoxLayout;
    how->addWidget(by_count_);
    how->addWidget(count_);
    how->addWidget(to_target_);
    connect(by_count_, &QRadioButton::toggled, count_, &QWidget::setEnabled);
    district_ = new QComboBox;
    district_->addItem(tr("全部街道"), QString());
    for (const auto& name : city.districts.name) district_->addItem(q(name), q(name));
    spacing_ = new QDoubleSpinBox;
    spacing_->setRange(10, 5000);
    spacing_->setSuffix(" m");
    separate_ = new QCheckBox(tr("新址最小间距"));
    separation_ = new QDoubleSpinBox;
    separation_->setRange(0, 10000);
    separation_->setSuffix(" m");
    separation_->setEnabled(false);
    connect(separate_, &QCheckBox::toggled, separation_, &QWidget::setEnabled);
    time_limit_ = new QDoubleSpinBox;
    time_limit_->setRange(0.5, 3600);
    time_limit_->setSuffix(" s");

    auto* form = new QFormLayout(this);
    form->addRow(tr("设施"), facility_);
    form->addRow(tr("方式"), how);
    form->addRow(tr("街道"), district_);
    form->addRow(tr("候选点间距"), spacing_);
    form->addRow(separate_, separation_);
    form->addRow(tr("求解时限"), time_limit_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    set_options(sites::SuggestOptions());
}

sites::SuggestOptions SuggestDialog::options() const {
    sites::SuggestOptions o;
    o.facility = facility_->currentData().toString().toStdString();
    o.to_target = to_target_->isChecked();
    if (!o.to_target) o.count = count_->value();
    if (const QString d = district_->currentData().toString(); !d.isEmpty()) o.district = d.toStdString();
    o.spacing_m = spacing_->value();
    if (separate_->isChecked()) o.min_separation_m = separation_->value();
    o.time_limit_s = time_limit_->value();
    return o;
}

void SuggestDialog::set_options(const sites::SuggestOptions& o) {
    facility_->setCurrentIndex(std::max(0, facility_->findData(q(o.facility))));
    to_target_->setChecked(o.to_target);
    by_count_->setChecked(!o.to_target);
    count_->setEnabled(!o.to_target);
    if (o.count) count_->setValue(*o.count);
    district_->setCurrentIndex(o.district ? std::max(0, district_->findData(q(*o.district))) : 0);
    spacing_->setValue(o.spacing_m);
    separate_->setChecked(o.min_separation_m.has_value());
    if (o.min_separation_m) separation_->setValue(*o.min_separation_m);
    time_limit_->setValue(o.time_limit_s);
}

}  // namespace hcgis::viewer
