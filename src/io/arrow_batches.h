// Internal to hcgis_io: a source layer read column by column through GDAL's Arrow stream (RFC 86,
// OGRLayer::GetArrowStream; the C data interface structs come with GDAL, no Arrow library), a batch of
// up to 8,192 features at a time: the FID, the geometry as WKB and the bound fields. Not for use outside
// src/io/.
#pragma once

#include "io/fields.h"
#include "io/source.h"

#include <ogr_recordbatch.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace hcgis::io::detail {

/// How the loader reads a source: GDAL's row API or its Arrow stream. `Auto` takes the stream for a layer
/// of 16,384 features or more whose driver has a fast stream of its own (GeoPackage, FlatGeobuf,
/// Parquet...), and rows elsewhere: GDAL's generic stream is built from the rows and was measured slower
/// (shapefile), and opening a stream costs more than the rows of a small layer (bench/README.md). The environment variable
/// HCGIS_LOADER=rows or =arrow forces one (the suite runs the io tests under both; bench/run compares).
enum class ReadPath { Auto, Rows, Arrow };

/// The path HCGIS_LOADER asks for (Auto when unset); throws UsageError on any other value.
ReadPath read_path_from_env();

class ArrowBatches {
public:
    /// The Arrow stream of `s.layer` serving `fields`, or nullptr when the layer is better read by rows:
    /// `path` is Rows, or Auto and the driver has no fast stream or the layer is small, or a bound field is of a type whose
    /// value the row API formats (dates, lists, reals read as text) so that the two could differ.
    static std::unique_ptr<ArrowBatches> open(const Source& s, const std::vector<FieldBinding>& fields, ReadPath path);
    ~ArrowBatches();
    ArrowBatches(const ArrowBatches&) = delete;
    ArrowBatches& operator=(const ArrowBatches&) = delete;

    /// Moves to the next batch; false at the end. Throws InputError naming the source when GDAL fails.
    bool next();
    /// Features in the batch.
    std::size_t rows() const { return static_cast<std::size_t>(batch_.length); }
    /// The FID of feature `i` of the batch.
    GIntBig fid(std::size_t i) const;
    /// The geometry of feature `i` as WKB; empty when it is null.
    std::string_view wkb(std::size_t i) const;
    /// The value of field `k` (of the bound fields) of feature `i` (FID `fid`), into `out`.
    void value(std::size_t k, std::size_t i, GIntBig fid, FieldValue& out) const;
    /// The number value() gives for field `k` of feature `i` when the column holds numbers and the value
    /// is set, into `out`; false for a text column, an unset value or a column type the loader does not
    /// read as a number (value() then tells what it holds).
    bool number(std::size_t k, std::size_t i, double& out) const;

private:
    ArrowBatches(const Source& s, const std::vector<FieldBinding>& fields);

    struct Column {
        const ArrowArray* array = nullptr;
        char format = 0;  // the Arrow format character: 'l' int64, 'g' double, 'u' utf8, 'z' binary...
    };
    Column column(int child) const;
    bool valid(const Column& c, std::size_t i) const;
    /// The value of numeric column `c` at row `j` (offset included): into `integer` and 1 for an integer
    /// or boolean column, into `number` and 0 for a real one; -1 for a column of another type.
    int numeric_at(const Column& c, std::size_t j, std::int64_t& integer, double& number) const;

    const Source& s_;
    const std::vector<FieldBinding>& fields_;
    ArrowArrayStream stream_{};
    ArrowSchema schema_{};
    ArrowArray batch_{};
    int fid_child_ = -1, geom_child_ = -1;
    std::vector<int> field_child_;  // per bound field
    std::vector<Column> columns_;   // this batch's, per bound field
    Column fid_col_, geom_col_;
    bool ignored_set_ = false;      // fields the role does not read were set ignored on the layer
};


// Called for every feature and field of a million-point layer: inline.

namespace arrow_detail {

template <class T>
inline T at(const ArrowArray* a, int buffer, std::size_t i) {
    T v;
    std::memcpy(&v, static_cast<const unsigned char*>(a->buffers[buffer]) + i * sizeof(T), sizeof(T));
    return v;
}

}  // namespace arrow_detail

inline bool ArrowBatches::valid(const Column& c, std::size_t i) const {
    const auto* bits = static_cast<const unsigned char*>(c.array->buffers[0]);
    if (c.array->null_count == 0 || !bits) return true;
    const std::size_t j = i + static_cast<std::size_t>(c.array->offset);
    return (bits[j / 8] >> (j % 8)) & 1;
}

inline GIntBig ArrowBatches::fid(std::size_t i) const {
    return arrow_detail::at<std::int64_t>(fid_col_.array, 1, i + static_cast<std::size_t>(fid_col_.array->offset));
}

inline std::string_view ArrowBatches::wkb(std::size_t i) const {
    if (!valid(geom_col_, i)) return {};
    const ArrowArray* a = geom_col_.array;
    const std::size_t j = i + static_cast<std::size_t>(a->offset);
    const auto* data = static_cast<const char*>(a->buffers[2]);
    if (geom_col_.format == 'Z') {
        const auto b = arrow_detail::at<std::int64_t>(a, 1, j), e = arrow_detail::at<std::int64_t>(a, 1, j + 1);
        return {data + b, static_cast<std::size_t>(e - b)};
    }
    const auto b = arrow_detail::at<std::int32_t>(a, 1, j), e = arrow_detail::at<std::int32_t>(a, 1, j + 1);
    return {data + b, static_cast<std::size_t>(e - b)};
}

inline int ArrowBatches::numeric_at(const Column& c, std::size_t j, std::int64_t& integer, double& number) const {
    const ArrowArray* a = c.array;
    switch (c.format) {
        case 'b': integer = (static_cast<const unsigned char*>(a->buffers[1])[j / 8] >> (j % 8)) & 1; return 1;
        case 'c': integer = arrow_detail::at<std::int8_t>(a, 1, j); return 1;
        case 'C': integer = arrow_detail::at<std::uint8_t>(a, 1, j); return 1;
        case 's': integer = arrow_detail::at<std::int16_t>(a, 1, j); return 1;
        case 'S': integer = arrow_detail::at<std::uint16_t>(a, 1, j); return 1;
        case 'i': integer = arrow_detail::at<std::int32_t>(a, 1, j); return 1;
        case 'I': integer = arrow_detail::at<std::uint32_t>(a, 1, j); return 1;
        case 'l': integer = arrow_detail::at<std::int64_t>(a, 1, j); return 1;
        case 'L': integer = static_cast<std::int64_t>(arrow_detail::at<std::uint64_t>(a, 1, j)); return 1;
        case 'f': number = arrow_detail::at<float>(a, 1, j); return 0;
        case 'g': number = arrow_detail::at<double>(a, 1, j); return 0;
    }
    return -1;
}

inline bool ArrowBatches::number(std::size_t k, std::size_t i, double& out) const {
    const Column& c = columns_[k];
    if (c.format == 'u' || c.format == 'U' || !valid(c, i)) return false;
    std::int64_t integer = 0;
    const int kind = numeric_at(c, i + static_cast<std::size_t>(c.array->offset), integer, out);
    if (kind == 1) out = static_cast<double>(integer);
    return kind >= 0;
}

}  // namespace hcgis::io::detail
