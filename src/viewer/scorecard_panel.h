// The scorecard panel: the indicators per district as a table (a row per district and the total, a column
// per indicator, green where the target is met, red where not, the plan item and the gap as tooltips) and
// the choice of the indicator the map shows. With a proposal (the workbench) each indicator has three
// columns: 现状 (the project as it is), 方案 (with the proposed sites) and 变化 (the change), the pass and the
// gap of each held to the target anew.
#pragma once

#include "core/catalog.h"
#include "core/scorecard.h"

#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QTableWidget;

namespace hcgis::viewer {

class ScorecardPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScorecardPanel(QWidget* parent = nullptr);

    /// Fills the table and the indicator choice from `card`, with the names and units of `catalog`.
    /// Neither is owned; both must outlive the panel or be replaced first; a null `card` empties it.
    void set_scorecard(const Scorecard* card, const Catalog* catalog);
    /// Compares `card` (现状) with `after` (方案, the same districts and indicators; not owned, to outlive
    /// the panel or be replaced first); null shows `card` alone. With `changed` (indicator ids), a
    /// comparison already shown refreshes only those columns.
    void set_comparison(const Scorecard* after, const std::vector<std::string>* changed = nullptr);
    /// Which part of an indicator a column shows.
    enum class Part { Before, After, Change };
    /// The table column of indicator `id`'s `part` (Before is its only column without a comparison), -1 if none.
    int column(const std::string& id, Part part) const;
    /// Shows indicator `id` as the one chosen.
    void show_indicator(const std::string& id);
    /// Selects the row of district `d`, without a signal; -1 clears the selection.
    void select_row(int d);
    QTableWidget* table() const { return table_; }

signals:
    /// An indicator was chosen, in the box or by clicking its column.
    void indicator_chosen(const std::string& id);
    /// The row of district `d` was clicked (not the total's).
    void district_clicked(int d);
    /// Row `row` was double-clicked.
    void row_activated(int row);

protected:
    /// On QEvent::LanguageChange, names the district column again.
    void changeEvent(QEvent* e) override;

private:
    /// The indicators shown: those of 方案 when comparing (a proposal may make one computable), else of the card.
    const std::vector<std::string>& ids() const { return after_ ? after_->ids : card_->ids; }
    void fill();
    void fill_row(int row, const AreaResult& area, const AreaResult* after);
    /// The cells of indicator `c` (index into the ids) in `row`.
    void fill_cells(int row, std::size_t c, const AreaResult& area, const AreaResult* after);
    /// The indicator of table column `column`, or -1.
    int indicator_of(int column) const;
    void clicked(int row, int column);

    const Scorecard* card_ = nullptr;
    const Catalog* catalog_ = nullptr;
    const Scorecard* after_ = nullptr;
    QComboBox* indicator_box_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace hcgis::viewer
