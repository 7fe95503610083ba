#include "io/arrow_batches.h"

#include "core/error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

namespace hcgis::io::detail {
namespace {

/// True when the role reads field `f` (of source type `t`) in a way the Arrow columns give exactly as
/// the row API does: strings, integers and reals as numbers, integers as text.
bool served(const FieldBinding& f, const OGRFieldDefn& d) {
    switch (d.GetType()) {
        case OFTString: return true;
        case OFTInteger:
        case OFTInteger64: return true;
        case OFTReal: return f.spec.type != FieldType::Text;  // the row API formats a real as text its own way
        default: return false;
    }
}

/// The Arrow format of a column as one character; 0 for one the loader does not read.
char format_char(const char* format) {
    if (!format || !format[0] || format[1] != '\0') return 0;
    return std::strchr("bcCsSiIlLfguUzZ", format[0]) ? format[0] : 0;
}

}  // namespace

ReadPath read_path_from_env() {
    const char* v = std::getenv("HCGIS_LOADER");
    if (!v || !*v || std::strcmp(v, "auto") == 0) return ReadPath::Auto;
    if (std::strcmp(v, "rows") == 0) return ReadPath::Rows;
    if (std::strcmp(v, "arrow") == 0) return ReadPath::Arrow;
    throw UsageError(fmt::format("HCGIS_LOADER is \"{}\": rows, arrow or auto", v));
}

std::unique_ptr<ArrowBatches> ArrowBatches::open(const Source& s, const std::vector<FieldBinding>& fields,
                                                 ReadPath path) {
    if (path == ReadPath::Rows) return nullptr;
    if (path == ReadPath::Auto && !s.layer->TestCapability(OLCFastGetArrowStream)) return nullptr;
    // Opening a stream costs a few milliseconds a layer (GeoPackage, GDAL 3.6), which the rows of a small
    // layer do not make up for (bench/README.md).
    constexpr GIntBig kArrowFrom = 16384;
    if (path == ReadPath::Auto && s.layer->TestCapability(OLCFastFeatureCount) &&
        s.layer->GetFeatureCount(TRUE) < kArrowFrom)
        return nullptr;
    OGRFeatureDefn* defn = s.layer->GetLayerDefn();
    if (defn->GetGeomFieldCount() != 1) return nullptr;
    for (const auto& f : fields)
        if (!served(f, *defn->GetFieldDefn(f.index))) return nullptr;
    std::unique_ptr<ArrowBatches> b(new ArrowBatches(s, fields));
    return b->geom_child_ >= 0 && b->fid_child_ >= 0 ? std::move(b) : nullptr;
}

ArrowBatches::ArrowBatches(const Source& s, const std::vector<FieldBinding>& fields) : s_(s), fields_(fields) {
    OGRFeatureDefn* defn = s.layer->GetLayerDefn();
    if (!s.layer->GetAttrQueryString() || !*s.layer->GetAttrQueryString()) {
        // Only the fields the role reads come through (a "where" filter may need the others).
        std::vector<bool> read(static_cast<std::size_t>(defn->GetFieldCount()), false);
        for (const auto& f : fields) read[static_cast<std::size_t>(f.index)] = true;
        CPLStringList ignored;
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (!read[static_cast<std::size_t>(i)]) ignored.AddString(defn->GetFieldDefn(i)->GetNameRef());
        if (!ignored.empty() && s.layer->SetIgnoredFields(const_cast<const char**>(ignored.List())) == OGRERR_NONE)
            ignored_set_ = true;
    }
    s.layer->ResetReading();
    CPLErrorReset();
    // Batches of 8,192 features rather than GDAL's 65,536: on the 1 M city the load took 0.38-0.40 s
    // against 0.52-0.76 s and 185 MB against 189-199 MB at peak (the batch fits the cache, and PROJ on
    // the other core keeps pace with the reading).
    CPLStringList stream_options;
    stream_options.SetNameValue("MAX_FEATURES_IN_BATCH", "8192");
    if (!s.layer->GetArrowStream(&stream_, stream_options.List())) s.fail("GDAL cannot read the layer as a stream: " + gdal_error());
    if (stream_.get_schema(&stream_, &schema_) != 0) s.fail("GDAL cannot describe the layer's columns: " + gdal_error());
    const std::string fid_name = s.layer->GetFIDColumn() && *s.layer->GetFIDColumn() ? s.layer->GetFIDColumn() : "OGC_FID";
    const std::string geom_name =
        s.layer->GetGeometryColumn() && *s.layer->GetGeometryColumn() ? s.layer->GetGeometryColumn() : "wkb_geometry";
    field_child_.assign(fields.size(), -1);
    for (int c = 0; c < static_cast<int>(schema_.n_children); ++c) {
        const ArrowSchema* child = schema_.children[c];
        const char f = format_char(child->format);
        const std::string name = child->name ? child->name : "";
        if (fid_child_ < 0 && f == 'l' && name == fid_name) { fid_child_ = c; continue; }
        if ((f == 'z' || f == 'Z') && (name == geom_name || geom_child_ < 0)) { geom_child_ = c; continue; }
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (field_child_[k] < 0 && f != 0 && f != 'z' && f != 'Z' &&
                name == defn->GetFieldDefn(fields[k].index)->GetNameRef())
                field_child_[k] = c;
    }
    for (const int c : field_child_)
        if (c < 0) geom_child_ = -1;  // a field missing from the stream: read by rows instead
}

ArrowBatches::~ArrowBatches() {
    if (batch_.release) batch_.release(&batch_);
    if (schema_.release) schema_.release(&schema_);
    if (stream_.release) stream_.release(&stream_);
    if (ignored_set_) s_.layer->SetIgnoredFields(nullptr);
}

ArrowBatches::Column ArrowBatches::column(int child) const {
    return {batch_.children[child], format_char(schema_.children[child]->format)};
}

bool ArrowBatches::next() {
    if (batch_.release) batch_.release(&batch_);
    batch_ = ArrowArray{};
    CPLErrorReset();
    if (stream_.get_next(&stream_, &batch_) != 0) {
        const char* why = stream_.get_last_error ? stream_.get_last_error(&stream_) : nullptr;
        s_.fail(fmt::format("GDAL cannot read the layer: {}", why && *why ? why : gdal_error()));
    }
    if (!batch_.release) return false;
    if (batch_.n_children != schema_.n_children || batch_.offset != 0)
        s_.fail("GDAL's Arrow stream gave a batch unlike its schema");
    fid_col_ = column(fid_child_);
    geom_col_ = column(geom_child_);
    columns_.clear();
    for (const int c : field_child_) columns_.push_back(column(c));
    return true;
}

void ArrowBatches::value(std::size_t k, std::size_t i, GIntBig fid, FieldValue& out) const {
    const Column& c = columns_[k];
    const FieldBinding& f = fields_[k];
    out.set = valid(c, i);
    out.numeric = c.format != 'u' && c.format != 'U';
    out.number = 0;
    out.text.clear();
    if (!out.set) return;
    const ArrowArray* a = c.array;
    const std::size_t j = i + static_cast<std::size_t>(a->offset);
    if (c.format == 'u' || c.format == 'U') {
        const auto* data = static_cast<const char*>(a->buffers[2]);
        std::string_view raw;
        if (c.format == 'U') {
            const auto b = arrow_detail::at<std::int64_t>(a, 1, j), e = arrow_detail::at<std::int64_t>(a, 1, j + 1);
            raw = {data + b, static_cast<std::size_t>(e - b)};
        } else {
            const auto b = arrow_detail::at<std::int32_t>(a, 1, j), e = arrow_detail::at<std::int32_t>(a, 1, j + 1);
            raw = {data + b, static_cast<std::size_t>(e - b)};
        }
        out.text = s_.text_of(raw, fid, f.index);
        return;
    }
    std::int64_t integer = 0;
    const int kind = numeric_at(c, j, integer, out.number);
    if (kind < 0) s_.fail(fid, fmt::format("field \"{}\" has a type the loader cannot read", f.field));
    if (kind == 1) {
        out.number = static_cast<double>(integer);
        if (f.spec.type == FieldType::Text) out.text = fmt::format("{}", integer);  // as the row API writes it
    }
}

}  // namespace hcgis::io::detail
