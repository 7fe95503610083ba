#include "render/report/pager.h"

#include "render/qt_setup.h"

#include <QFontMetricsF>
#include <QPageLayout>

#include <algorithm>

namespace hcgis::render::report {
namespace {

const QColor ink("#1a1a1a"), grey("#5a5a5a"), rule("#9a9a9a"), head_fill("#e8edf3"), zebra("#f7f7f7");
const QColor pass_ink("#1b7a3a"), fail_ink("#b3261e");

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

double mm(double millimetres, double dpi) { return millimetres * dpi / 25.4; }

QFont font(double pt, bool bold, bool serif) {
    QFont f(serif ? cjk_serif_family() : cjk_family());
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

Pager::Pager(QPdfWriter& writer, QPainter& painter, double dpi, std::string header, int total)
    : writer_(writer), p_(painter), dpi_(dpi), header_(std::move(header)), total_(total) {}

void Pager::new_page(bool landscape, bool bare) {
    const auto orientation = landscape ? QPageLayout::Landscape : QPageLayout::Portrait;
    if (page_ > 0) {
        writer_.setPageOrientation(orientation);
        writer_.newPage();
    }
    ++page_;
    landscape_ = landscape;
    const QRectF page(0, 0, writer_.width(), writer_.height());
    p_.fillRect(page, Qt::white);
    body_ = page.adjusted(mm(22, dpi_), mm(24, dpi_), -mm(20, dpi_), -mm(22, dpi_));
    y_ = body_.top();
    if (!bare) draw_frame(landscape);
}

void Pager::draw_frame(bool landscape) {
    const QRectF page(0, 0, writer_.width(), writer_.height());
    const double side = landscape ? mm(10, dpi_) : mm(22, dpi_);
    const QFont f = font(8.5);
    const QFontMetricsF fm(f, p_.device());
    p_.setFont(f);
    p_.setPen(grey);
    const double base = (landscape ? mm(7, dpi_) : mm(15, dpi_));
    p_.drawText(QPointF(side, base), q(header_));
    const QString right = "健康城市建设评估报告";
    p_.drawText(QPointF(page.width() - side - fm.horizontalAdvance(right), base), right);
    p_.setPen(QPen(rule, mm(0.25, dpi_)));
    p_.drawLine(QPointF(side, base + mm(1.8, dpi_)), QPointF(page.width() - side, base + mm(1.8, dpi_)));
    const QString number = total_ > 0 ? QString("第 %1 页 共 %2 页").arg(page_).arg(total_) : QString("第 %1 页").arg(page_);
    p_.setPen(grey);
    p_.drawText(QPointF((page.width() - fm.horizontalAdvance(number)) / 2, page.height() - (landscape ? mm(4, dpi_) : mm(12, dpi_))),
                number);
}

void Pager::need(double height) {
    if (y_ + height > body_.bottom() && y_ > body_.top()) new_page();
}

void Pager::heading(const std::string& text, int level) {
    const QFont f = font(level == 1 ? 16 : level == 2 ? 13 : 11, true);
    const QFontMetricsF fm(f, p_.device());
    need(fm.height() * 3);
    if (y_ > body_.top()) y_ += fm.height() * 0.6;
    p_.setFont(f);
    p_.setPen(ink);
    p_.drawText(QPointF(body_.left(), y_ + fm.ascent()), q(text));
    y_ += fm.height() + mm(level == 1 ? 2.5 : 1.2, dpi_);
    if (level == 1) {
        p_.setPen(QPen(QColor("#2f4f7f"), mm(0.5, dpi_)));
        p_.drawLine(QPointF(body_.left(), y_ - mm(1.2, dpi_)), QPointF(body_.right(), y_ - mm(1.2, dpi_)));
        y_ += mm(2, dpi_);
    }
}

void Pager::paragraph(const std::string& text, double pt) {
    const QFont f = font(pt, false, true);
    const QFontMetricsF fm(f, p_.device());
    const QRectF box(body_.left(), y_, body_.width(), body_.height());
    const QRectF used = fm.boundingRect(box, Qt::TextWordWrap, q(text));
    need(std::min(used.height(), fm.height() * 3));
    p_.setFont(f);
    p_.setPen(ink);
    const QRectF at(body_.left(), y_, body_.width(), used.height() + 1);
    p_.drawText(at, Qt::TextWordWrap, q(text));
    y_ += used.height() + fm.height() * 0.5;
}

void Pager::table(const ReportTable& t) {
    const double pt = t.compact ? 7.8 : 8.5;
    const QFont hf = font(pt, true), cf = font(pt);
    const QFontMetricsF hm(hf, p_.device()), cm(cf, p_.device());
    double sum = 0;
    for (double w : t.widths) sum += w;
    std::vector<double> x{body_.left()};
    for (double w : t.widths) x.push_back(x.back() + body_.width() * w / sum);
    const double pad = mm(t.compact ? 0.7 : 1.2, dpi_);
    auto row_height = [&](const std::vector<std::string>& cells, const QFontMetricsF& m) {
        double h = m.height();
        for (std::size_t c = 0; c < cells.size() && c + 1 < x.size(); ++c) {
            const QRectF box(0, 0, x[c + 1] - x[c] - 2 * pad, 1e6);
            h = std::max(h, m.boundingRect(box, Qt::TextWordWrap, q(cells[c])).height());
        }
        return h + 2 * pad;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, const QFont& f, double h, const QColor& fill, Mark mark) {
        if (fill.isValid()) p_.fillRect(QRectF(x.front(), y_, x.back() - x.front(), h), fill);
        p_.setFont(f);
        for (std::size_t c = 0; c < cells.size() && c + 1 < x.size(); ++c) {
            p_.setPen(static_cast<int>(c) == t.mark_column && mark != Mark::None ? (mark == Mark::Pass ? pass_ink : fail_ink) : ink);
            p_.drawText(QRectF(x[c] + pad, y_ + pad, x[c + 1] - x[c] - 2 * pad, h - 2 * pad), Qt::TextWordWrap | Qt::AlignVCenter,
                        q(cells[c]));
        }
        p_.setPen(QPen(rule, mm(0.15, dpi_)));
        p_.drawLine(QPointF(x.front(), y_ + h), QPointF(x.back(), y_ + h));
        y_ += h;
    };
    const double header_h = row_height(t.header, hm);
    auto header = [&] {
        p_.setPen(QPen(ink, mm(0.4, dpi_)));
        p_.drawLine(QPointF(x.front(), y_), QPointF(x.back(), y_));
        draw_row(t.header, hf, header_h, head_fill, Mark::None);
    };
    need(header_h + row_height(t.rows.empty() ? t.header : t.rows.front(), cm));
    header();
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const double h = row_height(t.rows[r], cm);
        if (y_ + h > body_.bottom()) {
            new_page();
            header();
        }
        draw_row(t.rows[r], cf, h, r % 2 ? zebra : QColor(), r < t.marks.size() ? t.marks[r] : Mark::None);
    }
    p_.setPen(QPen(ink, mm(0.4, dpi_)));
    p_.drawLine(QPointF(x.front(), y_), QPointF(x.back(), y_));
    y_ += cm.height();
}

}  // namespace hcgis::render::report
