// A residents source is opened once: telling points from polygons or a raster reuses the opened layer.
#include "io/load.h"
#include "io/project.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

using namespace hcgis;

namespace {

/// How often `file` is opened while `run` runs: inotify's IN_OPEN events, watched with IN_CLOSE_NOWRITE
/// too, since inotify folds an event into an identical one not yet read.
template <class Run>
int opens_of(const std::filesystem::path& file, Run run) {
    const int fd = inotify_init1(IN_NONBLOCK);
    REQUIRE(fd >= 0);
    REQUIRE(inotify_add_watch(fd, file.c_str(), IN_OPEN | IN_CLOSE_NOWRITE) >= 0);
    run();
    int n = 0;
    alignas(inotify_event) char buf[4096];
    for (ssize_t got; (got = read(fd, buf, sizeof buf)) > 0;)
        for (char* p = buf; p < buf + got; p += sizeof(inotify_event) + reinterpret_cast<inotify_event*>(p)->len)
            if (reinterpret_cast<inotify_event*>(p)->mask & IN_OPEN) ++n;
    close(fd);
    return n;
}

}  // namespace

TEST_CASE("the residents' GeoJSON is opened as often as GDAL opens it once for reading, not twice", "[residents]") {
    // A copy of its own in a folder of this test's: inotify counts every process's opens of a file, and
    // other tests read the bundled one at the same time.
    const hcgis::test::TempDir dir("open-once");
    const std::filesystem::path data = std::filesystem::path(HCGIS_SOURCE_DIR) / "data/lyg-etdz";
    const std::filesystem::path file = dir.path / "residents.geojson";
    std::filesystem::copy_file(data / "residents.geojson", file);
    const std::filesystem::path project = dir.write("project.json", R"({
      "name": "open once", "crs": "EPSG:4549",
      "layers": {
        "districts": {"source": ")" + (data / "districts.geojson").string() + R"(",
                      "fields": {"name": "name", "population": "pop", "elderly": "pop60"}},
        "residents": {"source": "residents.geojson", "fields": {"population": "pop", "elderly": "pop60"}}}})");
    GDALAllRegister();
    // GDAL alone: one probe as a raster (refused), one opening as vector data, every feature read.
    const int alone = opens_of(file, [&] {
        std::unique_ptr<GDALDataset> r(GDALDataset::Open(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        CHECK(!r);
        std::unique_ptr<GDALDataset> v(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        REQUIRE(v);
        for (auto& f : *v->GetLayer(0)) (void)f;
    });
    REQUIRE(alone >= 2);
    const io::Project p = io::read_project(project);
    const int loading = opens_of(file, [&] { CHECK(io::load_city(p).layer("residents")->size() > 0); });
    INFO("GDAL alone " << alone << ", loading " << loading);
    CHECK(loading == alone);
}
