// Kernels at city scale on the synthetic 1 M-resident, 200-district city (built in memory with
// synth_city, no files): point-in-district, area of unions, rendering, and the viewer's frames.
// Run: build-bench/bench/hcgis_bench_kernels
#include "core/analysis.h"
#include "core/point_in_district.h"
#include "core/synth.h"
#include "render/map_renderer.h"
#include "viewer/map_canvas.h"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QPainter>

#include <benchmark/benchmark.h>

using namespace hcgis;

namespace {

const City& city() {
    static const City c = [] {
        SynthOptions o;
        o.districts = 200;
        o.residents = 1'000'000;
        o.seed = 7;
        return synth_city(o);
    }();
    return c;
}

void BM_PointInDistrict(benchmark::State& state) {
    const City& c = city();
    const Layer& r = *c.layer("residents");
    DistrictIndex index(c.districts.geom);
    for (auto _ : state) benchmark::DoNotOptimize(index.locate_all(r.x, r.y));
    state.counters["points"] = static_cast<double>(r.size());
}

void BM_UnionAreaByDistrict(benchmark::State& state) {
    const City& c = city();
    for (auto _ : state) {
        Analysis a(c);
        benchmark::DoNotOptimize(a.union_area_by_district("parks"));
    }
    state.counters["parks"] = static_cast<double>(c.layer("parks")->size());
}

void BM_RenderFullExtent(benchmark::State& state) {
    const City& c = city();
    render::MapRenderer map(c);
    map.set_visible("residents", true);
    map.set_visible("roads", state.range(0) != 0);
    QImage img(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        QPainter p(&img);
        map.render(p, QRectF(0, 0, 1920, 1080), map.extent(), 96);
    }
}

// The viewer's canvas at 1920 x 1080 over the whole city with its residents, not yet drawn.
struct Viewer {
    render::MapRenderer map{city()};
    viewer::MapCanvas canvas;
    Viewer() {
        map.set_visible("residents", true);
        canvas.resize(1920, 1080);
        canvas.show();
        canvas.set_renderer(&map);
    }
};

// The viewer's canvas: the first frame of a fresh view renders; later frames and pan frames draw the cache.
void BM_ViewerFirstFrame(benchmark::State& state) {
    Viewer v;
    viewer::MapCanvas& canvas = v.canvas;
    for (auto _ : state) {
        canvas.refresh();
        benchmark::DoNotOptimize(canvas.grab());
    }
}

void BM_ViewerRedrawCached(benchmark::State& state) {
    Viewer v;
    viewer::MapCanvas& canvas = v.canvas;
    (void)canvas.grab();  // the first frame fills the cache
    for (auto _ : state) benchmark::DoNotOptimize(canvas.grab());
}

// A pan frame: the mouse moves with the button down and the canvas repaints, at a street-level zoom
// (about 1:5,000) where the cache came from a fresh render.
void BM_ViewerPanFrame(benchmark::State& state) {
    Viewer v;
    render::MapRenderer& map = v.map;
    viewer::MapCanvas& canvas = v.canvas;
    const QPointF centre = map.extent().center();
    canvas.zoom_to(QRectF(centre.x() - 1200, centre.y() - 700, 2400, 1400));
    (void)canvas.grab();  // the first frame of this view fills the cache
    QMouseEvent press(QEvent::MouseButtonPress, QPointF(900, 500), canvas.mapToGlobal(QPointF(900, 500)), Qt::LeftButton,
                      Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&canvas, &press);
    int k = 0;
    for (auto _ : state) {
        const QPointF at(900 + (k % 200), 500 + (k % 100));
        ++k;
        QMouseEvent move(QEvent::MouseMove, at, canvas.mapToGlobal(at), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&canvas, &move);
        benchmark::DoNotOptimize(canvas.grab());
    }
    state.counters["renders"] = canvas.render_count();
}

// A wheel step: the canvas shows its cache scaled about the cursor at once (the render waits for the view
// to settle).
void BM_ViewerWheelStep(benchmark::State& state) {
    Viewer v;
    viewer::MapCanvas& canvas = v.canvas;
    (void)canvas.grab();
    int k = 0;
    for (auto _ : state) {
        const QPointF at(960, 540);
        QWheelEvent wheel(at, canvas.mapToGlobal(at), QPoint(), QPoint(0, (k++ % 2) ? -120 : 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&canvas, &wheel);
        benchmark::DoNotOptimize(canvas.grab());
    }
    state.counters["renders"] = canvas.render_count();
}

}  // namespace

BENCHMARK(BM_PointInDistrict)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UnionAreaByDistrict)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderFullExtent)->Unit(benchmark::kMillisecond)->Arg(1)->Arg(0);  // with and without the 75 k road segments
BENCHMARK(BM_ViewerFirstFrame)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ViewerRedrawCached)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ViewerPanFrame)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ViewerWheelStep)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    render::prepare_headless_qt();
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
