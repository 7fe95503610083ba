// The planning workbench at city scale: from the mouse release that ends the drag of a proposed fitness
// site to the repainted canvas and scorecard, in the offscreen viewer window (1920 x 1080) over the
// synthetic 1 M-resident, 200-district city (written once to a temporary folder as `hcgis synth` writes
// it, then opened as a planner opens a project). Target: <= 100 ms.
// Run: build-bench/bench/hcgis_bench_workbench
#include "core/synth.h"
#include "io/writers.h"
#include "render/qt_setup.h"
#include "viewer/main_window.h"
#include "viewer/workbench.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QTableWidget>

#include <benchmark/benchmark.h>

#include <filesystem>

using namespace hcgis;

namespace {

std::filesystem::path city_project() {
    static const std::filesystem::path file = [] {
        const auto dir = std::filesystem::temp_directory_path() / "hcgis-bench-workbench-200-1m-7";
        if (!std::filesystem::exists(dir / "project.json")) {
            SynthOptions o;
            o.districts = 200;
            o.residents = 1'000'000;
            o.seed = 7;
            std::filesystem::create_directories(dir);
            io::write_city(synth_city(o), dir, {});
        }
        return dir / "project.json";
    }();
    return file;
}

void send(QWidget* w, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, at, w->mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void BM_WhatIfReleaseToRepaint(benchmark::State& state) {
    viewer::MainWindow w;
    w.resize(1920, 1080);
    w.show();
    if (!w.open_project(city_project(), true)) {
        state.SkipWithError(w.last_error().toStdString().c_str());
        return;
    }
    w.show_indicator("fitness_10min_coverage");
    viewer::MapCanvas* c = w.canvas();
    viewer::Workbench& wb = *w.workbench();
    // A fitness site in the middle of the map, dragged back and forth by 40 px with the move tool.
    const QPointF a(c->width() / 2.0, c->height() / 2.0), b = a + QPointF(40, 0);
    QElapsedTimer first;
    first.start();
    const int id = wb.add_site("fitness", c->to_world(a), std::nullopt);  // builds the WhatIf engine first
    const double first_edit_ms = static_cast<double>(first.nsecsElapsed()) / 1e6;
    wb.set_tool(viewer::Workbench::Tool::Move);
    if (state.range(0) != 0) wb.show_uncovered("fitness");  // /1: with the map of residents not covered
    QApplication::processEvents();
    c->repaint();
    const int renders = c->render_count();
    QTableWidget* table = w.scorecard_table();
    bool there = false;
    for (auto _ : state) {
        state.PauseTiming();
        const QPointF from = there ? b : a, to = there ? a : b;
        send(c, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        send(c, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton);
        send(c, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
        state.ResumeTiming();
        send(c, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
        c->repaint();
        table->viewport()->repaint();
        there = !there;
    }
    // Each release renders the map anew (the cache of the view before the move is no use).
    state.counters["renders_per_release"] = static_cast<double>(c->render_count() - renders) / static_cast<double>(state.iterations());
    state.counters["residents"] = static_cast<double>(w.city()->layer("residents")->size());
    state.counters["sites"] = static_cast<double>(wb.whatif()->proposal().sites.size());
    state.counters["first_edit_ms"] = first_edit_ms;
    state.counters["moved_x"] = wb.whatif()->site(id)->x;
}

// The baseline, in the same run and window: the map of a fresh view rendered whole (what every release
// cost before the renderer kept the layers of the view): the view nudged by a pixel and back, then the
// repaint.
void BM_WhatIfBaselineFreshView(benchmark::State& state) {
    viewer::MainWindow w;
    w.resize(1920, 1080);
    w.show();
    if (!w.open_project(city_project(), true)) {
        state.SkipWithError(w.last_error().toStdString().c_str());
        return;
    }
    w.show_indicator("fitness_10min_coverage");
    QApplication::processEvents();
    viewer::MapCanvas* c = w.canvas();
    c->repaint();
    const QRectF view = c->visible_world();
    const double px = c->metres_per_pixel();
    bool nudged = false;
    for (auto _ : state) {
        c->zoom_to(nudged ? view : view.translated(px, 0));
        c->repaint();
        nudged = !nudged;
    }
}

}  // namespace

BENCHMARK(BM_WhatIfReleaseToRepaint)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20)->Arg(0)->Arg(1);
BENCHMARK(BM_WhatIfBaselineFreshView)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

int main(int argc, char** argv) {
    render::prepare_headless_qt();
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
