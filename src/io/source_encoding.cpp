#include "io/source.h"

#include "io/text_encoding.h"

#include <fmt/format.h>

namespace hcgis::io::detail {

std::optional<std::string> TextDecoder::decode(std::string_view raw) const {
    if (encoding.empty()) return is_utf8(raw) ? std::optional<std::string>(raw) : std::nullopt;
    return to_utf8(raw, encoding);
}

std::string TextDecoder::name() const { return encoding.empty() || is_utf8_name(encoding) ? "UTF-8" : encoding; }

std::string Source::text_of(OGRFeature& f, int index) const {
    return text_of(f.GetFieldAsString(index), f.GetFID(), index);
}

std::string Source::text_of(std::string_view raw, GIntBig fid, int index) const {
    if (auto t = text.decode(raw)) return std::move(*t);
    fail(fid, fmt::format("field \"{}\" is not valid {} text{}", field_name(index), text.name(),
                                 text.declared.empty() ? "" : " (check the layer's \"encoding\")"));
}

std::string Source::field_name(int index) const {
    const char* raw = layer->GetLayerDefn()->GetFieldDefn(index)->GetNameRef();
    if (auto t = text.decode(raw)) return std::move(*t);
    return raw;
}

int Source::field_index(const std::string& name) const {
    if (!raw_text) return layer->GetLayerDefn()->GetFieldIndex(name.c_str());
    for (int i = 0, n = layer->GetLayerDefn()->GetFieldCount(); i < n; ++i)
        if (field_name(i) == name) return i;
    return -1;
}

int dbf_code_page(const std::filesystem::path& shp) {
    for (const char* ext : {".dbf", ".DBF"}) {
        std::filesystem::path dbf = shp;
        dbf.replace_extension(ext);
        VSILFILE* f = VSIFOpenL(dbf.c_str(), "rb");
        if (!f) continue;
        unsigned char header[32] = {};
        const std::size_t got = VSIFReadL(header, 1, sizeof header, f);
        VSIFCloseL(f);
        return got == sizeof header ? header[29] : 0;
    }
    return 0;
}

bool has_cpg(const std::filesystem::path& shp) {
    for (const char* ext : {".cpg", ".CPG"}) {
        std::filesystem::path cpg = shp;
        cpg.replace_extension(ext);
        VSIStatBufL st;
        if (VSIStatL(cpg.c_str(), &st) == 0) return true;
    }
    return false;
}

namespace {

/// A string of a source that is not ASCII: a field's name (fid -1) or value.
struct Sample {
    std::string text;
    GIntBig fid;  // -1: the text is the field's name
    int field;
};

/// The non-ASCII strings among the field names and the string values of the first 2000 features.
struct Samples {
    std::vector<Sample> not_utf8;   // the first 64 that are not UTF-8
    std::optional<Sample> non_ascii;  // the first of all

    void look(const char* raw, GIntBig fid, int field) {
        if (!has_non_ascii(raw)) return;
        if (!non_ascii) non_ascii = Sample{raw, fid, field};
        if (!is_utf8(raw) && not_utf8.size() < 64) not_utf8.push_back({raw, fid, field});
    }
};

Samples sample_text(const Source& s) {
    OGRFeatureDefn* defn = s.layer->GetLayerDefn();
    Samples out;
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.look(defn->GetFieldDefn(i)->GetNameRef(), -1, i);
    s.layer->ResetReading();
    int seen = 0;
    for (auto& f : *s.layer) {
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (defn->GetFieldDefn(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i))
                out.look(f->GetFieldAsString(i), f->GetFID(), i);
        if (++seen == 2000) break;
    }
    s.layer->ResetReading();
    return out;
}

}  // namespace

void settle_encoding(Source& s, const LayerSpec& spec, bool shapefile, std::vector<std::string>& warnings) {
    const Samples found = sample_text(s);
    // Where a sample is, once the encoding (and so the field's name) is known.
    auto where = [&](const Sample& x) {
        return x.fid < 0 ? fmt::format("the name of field {}", x.field + 1)
                         : fmt::format("feature {} field \"{}\"", x.fid, s.field_name(x.field));
    };

    if (!spec.encoding.empty()) {
        s.text = {spec.encoding, spec.encoding};
        if (is_utf8_name(spec.encoding)) return;
        if (!known_encoding(spec.encoding))
            s.fail(fmt::format("unknown \"encoding\": \"{}\" (try GBK, GB18030, UTF-8 or ISO-8859-1)", spec.encoding));
        if (found.non_ascii && found.not_utf8.empty())
            s.fail(fmt::format("the layer declares \"encoding\": \"{}\", but its text is UTF-8 (\"{}\" at {}); "
                               "remove \"encoding\" or correct it",
                               spec.encoding, found.non_ascii->text, where(*found.non_ascii)));
        return;
    }
    if (found.not_utf8.empty()) {
        s.text = {"UTF-8", ""};
        return;
    }
    for (const Sample& sample : found.not_utf8)
        if (!to_utf8(sample.text, "GB18030"))
            s.fail(fmt::format("the text at {} is neither UTF-8 nor GBK; declare the layer's \"encoding\"", where(sample)));
    s.text = {"GB18030", ""};
    warnings.push_back(fmt::format("{}: {}the text is not UTF-8 but reads as GBK (\"{}\" at {}), so it was decoded as "
                                   "GBK; declare \"encoding\": \"GBK\" on the layer to confirm",
                                   s.label, shapefile ? "no .cpg file and no code page in the DBF, and " : "",
                                   *to_utf8(found.not_utf8.front().text, "GB18030"), where(found.not_utf8.front())));
}

}  // namespace hcgis::io::detail
