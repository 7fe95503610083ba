// The pages of the report: running header and page number, text flowing down the body, and tables that
// break across pages with their header repeated. Draws with a QPainter on a QPdfWriter in device pixels.
#pragma once

#include "render/report/report_doc.h"

#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QRectF>
#include <QString>

namespace hcgis::render::report {

double mm(double millimetres, double dpi);

/// A font of the report: `serif` for body text (Noto Serif CJK SC), else Noto Sans CJK SC.
QFont font(double pt, bool bold = false, bool serif = false);

class Pager {
public:
    /// Draws on `painter`, which paints on `writer`; `total` pages (0 while counting) for the footers.
    Pager(QPdfWriter& writer, QPainter& painter, double dpi, std::string header, int total);

    /// Starts a page (the first call uses the writer's first page), portrait or landscape, with its running
    /// header and page number unless `bare` (the cover).
    void new_page(bool landscape = false, bool bare = false);
    int page() const { return page_; }
    QPainter& painter() { return p_; }
    double dpi() const { return dpi_; }
    /// The body of the page, inside the margins, header and footer.
    QRectF body() const { return body_; }
    /// Where the next block starts; moving it down.
    double y() const { return y_; }
    void skip(double px) { y_ += px; }
    /// Starts a new page when `height` does not fit below y().
    void need(double height);

    /// A chapter's title (level 1), a section's (2) or a sub-heading (3).
    void heading(const std::string& text, int level);
    /// A paragraph of body text, wrapped to the body width.
    void paragraph(const std::string& text, double pt = 10.5);
    /// A table the body's width, its rows split over pages with the header repeated.
    void table(const ReportTable& t);

    /// Draws the running header and page number again (over a sheet that painted the whole page).
    void draw_frame() { draw_frame(landscape_); }

private:
    void draw_frame(bool landscape);

    QPdfWriter& writer_;
    QPainter& p_;
    double dpi_;
    std::string header_;
    int total_;
    int page_ = 0;
    QRectF body_;
    double y_ = 0;
    bool landscape_ = false;
};

}  // namespace hcgis::render::report
