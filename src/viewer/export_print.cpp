// MainWindow's output: the districts with their indicators to GeoJSON or GeoPackage, the map sheet to
// PDF, PNG or SVG, and the sheet to a printer through the print preview.
#include "viewer/main_window.h"

#include "io/writers.h"
#include "render/layout.h"
#include "viewer/qstring.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QStatusBar>

#include <fmt/format.h>

namespace hcgis::viewer {
namespace {

/// The title, subtitle, source and CRS of the map sheet of indicator `id`.
render::LayoutText sheet_text(const City& city, const Catalog& catalog, const std::string& id) {
    render::LayoutText t;
    const IndicatorDef* def = catalog.find(id);
    t.title = q(city.name) + "  " + (def ? q(def->name_zh) : q(id));
    if (def) t.subtitle = q(def->plan + "，" + def->responsible);
    t.source = q(city.attribution);
    t.crs_note = q(fmt::format("坐标系：{}（{}）", city.crs_name, city.crs));
    return t;
}

}  // namespace

void MainWindow::export_districts() {
    if (!city_) return;
    const QString f = QFileDialog::getSaveFileName(this, tr("导出街道指标(&E)…"), QString(), "GeoJSON (*.geojson);;GeoPackage (*.gpkg)");
    if (f.isEmpty()) return;
    try {
        io::export_districts(*city_, *card_, catalog_, f.toStdString());
        statusBar()->showMessage(tr("已导出") + ": " + f, 5000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("导出街道指标(&E)…"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::export_map() {
    if (!renderer_) return;
    const QString f = QFileDialog::getSaveFileName(this, tr("导出专题图…"), QString(), "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)");
    if (f.isEmpty()) return;
    try {
        render::write_map(f.toStdString(), render::PageOptions(), *renderer_, sheet_text(*city_, catalog_, indicator_));
        statusBar()->showMessage(tr("已导出") + ": " + f, 5000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("导出专题图…"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::print() {
    if (!renderer_) return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageOrientation(QPageLayout::Landscape);
    printer.setFullPage(true);
    QPrintPreviewDialog preview(&printer, this);
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [this](QPrinter* p) {
        QPainter painter(p);
        const QRectF page = p->pageRect(QPrinter::DevicePixel);
        render::draw_layout(painter, page.size(), p->resolution(), *renderer_,
                            sheet_text(*city_, catalog_, indicator_), canvas_->visible_world());
    });
    preview.exec();
}

}  // namespace hcgis::viewer
