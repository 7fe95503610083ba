// MainWindow's output: the districts with their indicators to GeoJSON or GeoPackage, the map sheet to
// PDF, PNG or SVG, and the sheet to a printer through the print preview. Every file is refused before
// any work when it would overwrite one of the project's inputs or cannot be written, and is replaced
// atomically (io/output.h), as by the command line.
#include "viewer/main_window.h"

#include "core/error.h"
#include "io/output.h"
#include "io/writers.h"
#include "render/layout.h"
#include "render/sheet_text.h"
#include "render/thematic.h"
#include "viewer/error_text.h"
#include "viewer/layer_panel.h"
#include "viewer/qstring.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QStatusBar>

namespace hcgis::viewer {
namespace {

/// The title, subtitle, source and CRS of the map sheet of indicator `id`: the same words as `hcgis map`.
render::LayoutText sheet_text(const City& city, const Catalog& catalog, const Scorecard& card,
                              const std::optional<render::Thematic>& thematic, const std::string& id,
                              const std::string& project) {
    const IndicatorDef* def = catalog.find(id);
    if (!def || !thematic) {
        render::LayoutText t;
        t.title = q(city.name);
        return t;
    }
    return render::sheet_text(city, *def, *thematic, render::thematic_mode(card, id), project);
}

void write_bytes(const std::filesystem::path& file, const QByteArray& bytes) {
    io::replace_file(file, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace

void MainWindow::check_output(const std::filesystem::path& file, std::initializer_list<std::string_view> extensions) const {
    io::ProtectedInputs inputs = inputs_;
    const QString style = layers_->style_file();
    if (!style.isEmpty()) inputs.add(style.toStdString(), "the style file");
    inputs.refuse(file);
    io::check_writable(file, extensions);
}

void MainWindow::report_failure(const QString& title, const std::exception& e, bool quiet) {
    last_error_ = error_text(e);
    if (!quiet) QMessageBox::warning(this, title, last_error_);
}

bool MainWindow::export_districts_to(const std::filesystem::path& file, bool quiet) {
    if (!city_) return false;
    try {
        check_output(file, {".geojson", ".json", ".gpkg"});
        io::export_districts(*city_, *card_, catalog_, file);
    } catch (const std::exception& e) {
        report_failure(tr("导出街道指标"), e, quiet);
        return false;
    }
    last_error_.clear();
    statusBar()->showMessage(tr("已导出") + ": " + q(file.string()), 5000);
    return true;
}

bool MainWindow::export_map_to(const std::filesystem::path& file, bool quiet) {
    if (!renderer_) return false;
    try {
        check_output(file, {".pdf", ".png", ".svg"});
        const render::LayoutText text = sheet_text(*city_, catalog_, *card_, thematic_, indicator_, project_file_.string());
        write_bytes(file, render::render_map(*render::map_format(file), render::PageOptions(), *renderer_, text));
    } catch (const std::exception& e) {
        report_failure(tr("导出专题图"), e, quiet);
        return false;
    }
    last_error_.clear();
    statusBar()->showMessage(tr("已导出") + ": " + q(file.string()), 5000);
    return true;
}

void MainWindow::export_districts() {
    if (!city_) return;
    const QString f = QFileDialog::getSaveFileName(this, tr("导出街道指标"), QString(), "GeoJSON (*.geojson);;GeoPackage (*.gpkg)");
    if (!f.isEmpty()) export_districts_to(f.toStdString());
}

void MainWindow::export_map() {
    if (!renderer_) return;
    const QString f = QFileDialog::getSaveFileName(this, tr("导出专题图"), QString(), "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)");
    if (!f.isEmpty()) export_map_to(f.toStdString());
}

void MainWindow::print() {
    if (!renderer_) return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageOrientation(QPageLayout::Landscape);
    printer.setFullPage(true);
    QPrintPreviewDialog preview(&printer, this);
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [this](QPrinter* p) {
        const render::LayoutText text = sheet_text(*city_, catalog_, *card_, thematic_, indicator_, project_file_.string());
        if (p->outputFormat() == QPrinter::PdfFormat && !p->outputFileName().isEmpty()) {
            // Printing to a file: drawn in memory and written like any export, never over an input.
            const std::filesystem::path file = p->outputFileName().toStdString();
            try {
                check_output(file, {});
                render::PageOptions page;
                page.size = p->pageLayout().pageSize().id();
                page.orientation = p->pageLayout().orientation();
                page.dpi = p->resolution();
                write_bytes(file, render::render_map(render::MapFormat::Pdf, page, *renderer_, text, nullptr,
                                                     canvas_->visible_world()));
            } catch (const std::exception& e) {
                report_failure(tr("打印"), e, false);
            }
            return;
        }
        QPainter painter(p);
        const QRectF page = p->pageRect(QPrinter::DevicePixel);
        render::draw_layout(painter, page.size(), p->resolution(), *renderer_, text, canvas_->visible_world());
    });
    preview.exec();
}

}  // namespace hcgis::viewer
