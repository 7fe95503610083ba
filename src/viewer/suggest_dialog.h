// 方案 › 推荐选址…: the options of `hcgis suggest` as a dialog (facility, a count or the target, district,
// candidate spacing, minimum separation, the solver's time limit). The run itself is the workbench's
// (workbench.h), off the UI thread.
#pragma once

#include "core/city.h"
#include "core/sites/suggest.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QRadioButton;
class QSpinBox;

namespace hcgis::viewer {

class SuggestDialog : public QDialog {
    Q_OBJECT
public:
    /// Offers the districts of `city` (not owned) besides the whole area.
    explicit SuggestDialog(const City& city, QWidget* parent = nullptr);
    /// The options as chosen (SuggestOptions::progress left empty).
    sites::SuggestOptions options() const;
    /// Sets the choices from `o` (facility, count or target, district, spacing, separation, time limit).
    void set_options(const sites::SuggestOptions& o);

private:
    QComboBox* facility_ = nullptr;
    QRadioButton* by_count_ = nullptr;
    QRadioButton* to_target_ = nullptr;
    QSpinBox* count_ = nullptr;
    QComboBox* district_ = nullptr;
    QDoubleSpinBox* spacing_ = nullptr;
    QCheckBox* separate_ = nullptr;
    QDoubleSpinBox* separation_ = nullptr;
    QDoubleSpinBox* time_limit_ = nullptr;
};

}  // namespace hcgis::viewer
