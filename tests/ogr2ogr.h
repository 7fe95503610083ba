// ogr2ogr through GDAL's library API (GDALVectorTranslate, the library behind the command, so that the
// tests need no gdal-bin): the suites' one copy.
#pragma once

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <gdal_utils.h>

#include <filesystem>
#include <string>
#include <vector>

namespace hcgis::test {

/// `src` translated to `dst` with ogr2ogr's arguments `args`; into `dst` (a new layer) when it exists.
inline void ogr2ogr(const std::filesystem::path& src, const std::filesystem::path& dst, std::vector<std::string> args) {
    GDALAllRegister();
    GDALDatasetUniquePtr in(GDALDataset::Open(src.c_str(), GDAL_OF_VECTOR));
    REQUIRE(in);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    REQUIRE(opts);
    GDALDatasetH h = in.get();
    const bool append = std::filesystem::exists(dst);
    GDALDatasetH out = append ? GDALOpenEx(dst.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)
                              : nullptr;
    int err = 0;
    GDALDatasetH res = GDALVectorTranslate(append ? nullptr : dst.c_str(), out, 1, &h, opts, &err);
    GDALVectorTranslateOptionsFree(opts);
    REQUIRE(res);
    REQUIRE(err == 0);
    GDALClose(res);
}

}  // namespace hcgis::test
