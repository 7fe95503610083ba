#include "io/scenario_file.h"

#include "core/error.h"
#include "core/point_in_district.h"
#include "io/crs.h"
#include "io/gdal_sink.h"
#include "io/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <set>

namespace hcgis::io {

namespace {

const char* const meta_table = "hcgis_scenario";

std::string layer_name(const std::string& role) { return "proposed_" + role; }

std::string today() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

/// The class words the data uses, as the loader reads them (io/fields.cpp), for a class field written as text.
std::optional<double> class_word(const std::string& role, const std::string& w) {
    static const std::map<std::string, double> toilets{{"一类", 1}, {"二类", 2}, {"三类", 3}, {"三类以下", 4}};
    static const std::map<std::string, double> fitness{{"健身点", 1}, {"多功能运动场", 2}, {"体育中心", 3}};
    const auto& words = role == "toilets" ? toilets : fitness;
    if (auto it = words.find(w); it != words.end()) return it->second;
    try {
        std::size_t used = 0;
        const double v = std::stod(w, &used);
        if (used == w.size()) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

ScenarioMeta scenario_meta(const City& city, const std::string& note) { return ScenarioMeta{city.name, today(), note, city.crs}; }

void write_scenario_layers(GdalSink& sink, const Proposal& proposal, const ScenarioMeta& meta) {
    City shell;  // the sink names the layers' CRS by a city's working CRS
    shell.crs = meta.crs;
    for (const std::string& role : proposable_roles()) {
        OGRLayer* layer = sink.layer(layer_name(role), shell, wkbPoint);
        sink.fields(layer, {{"id", OFTInteger}, {"class", OFTInteger}, {"note", OFTString}});
        sink.begin();
        std::size_t n = 0;
        for (const ProposedSite& s : proposal.sites) {
            if (s.role != role) continue;
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("id", s.id);
            if (s.cls) f.SetField("class", static_cast<int>(*s.cls));
            f.SetField("note", s.note.c_str());
            f.SetGeometryDirectly(new OGRPoint(s.x, s.y));
            sink.put(layer, f);
            ++n;
        }
        sink.end(layer, n);
    }
    OGRLayer* table = sink.dataset().CreateLayer(meta_table, nullptr, wkbNone, nullptr);
    if (!table) sink.fail("cannot create the table " + std::string(meta_table));
    sink.fields(table, {{"project", OFTString}, {"created", OFTString}, {"note", OFTString}, {"crs", OFTString}});
    OGRFeature f(table->GetLayerDefn());
    f.SetField("project", meta.project.c_str());
    f.SetField("created", (meta.created.empty() ? today() : meta.created).c_str());
    f.SetField("note", (meta.note.empty() ? proposal.note : meta.note).c_str());
    f.SetField("crs", meta.crs.c_str());
    sink.put(table, f);
}

void write_scenario(const std::filesystem::path& out, const Proposal& proposal, const ScenarioMeta& meta) {
    check_writable(out, {".gpkg"});
    AtomicOutputs outs({out});
    GdalSink sink(outs, 0);
    write_scenario_layers(sink, proposal, meta);
    sink.close();
    outs.commit();
}

namespace {

struct Opened {
    GdalErrorTrap trap;
    GDALDatasetUniquePtr ds;
};

void open(Opened& o, const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw InputError(in_file(file.string()), "no such file");
    const char* const drivers[] = {"GPKG", nullptr};
    o.ds.reset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!o.ds)
        throw InputError(in_file(file.string()), o.trap.first().empty() ? "does not open as a GeoPackage"
                                                                        : "does not open as a GeoPackage: " + o.trap.first());
}

ScenarioMeta meta_of(GDALDataset& ds) {
    ScenarioMeta m;
    OGRLayer* table = ds.GetLayerByName(meta_table);
    if (!table) return m;
    table->ResetReading();
    OGRFeatureUniquePtr f(table->GetNextFeature());
    if (!f) return m;
    auto text = [&](const char* name) {
        const int i = f->GetFieldIndex(name);
        return i >= 0 && f->IsFieldSetAndNotNull(i) ? std::string(f->GetFieldAsString(i)) : std::string();
    };
    m.project = text("project");
    m.created = text("created");
    m.note = text("note");
    m.crs = text("crs");
    return m;
}

}  // namespace

ScenarioMeta read_scenario_meta(const std::filesystem::path& file) {
    Opened o;
    open(o, file);
    return meta_of(*o.ds);
}

Proposal read_scenario(const std::filesystem::path& file, const City& city, std::vector<std::string>* warnings,
                       std::vector<std::string>* notes) {
    const std::string name = file.string();
    Opened o;
    open(o, file);
    Proposal p;
    const ScenarioMeta meta = meta_of(*o.ds);
    p.note = meta.note;
    if (warnings && !meta.project.empty() && !city.name.empty() && meta.project != city.name)
        warnings->push_back(fmt::format("{}: the scenario was made for the project \"{}\", not \"{}\"; its sites are "
                                        "counted all the same",
                                        name, meta.project, city.name));
    const OGRSpatialReference working = make_srs(city.crs, city.origin.empty() ? name : city.origin);
    const DistrictIndex index(city.districts.geom);
    bool any_layer = false;
    std::set<int> used;
    std::vector<std::pair<std::size_t, Where>> unnumbered;  // sites without an id, numbered after the others
    std::map<int, Where> first_use;
    for (const std::string& role : proposable_roles()) {
        const std::string lname = layer_name(role);
        OGRLayer* layer = o.ds->GetLayerByName(lname.c_str());
        if (!layer) continue;
        any_layer = true;
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        if (!srs) throw InputError(Where{name, lname, std::nullopt, ""}, "the layer has no CRS");
        OGRSpatialReference from(*srs);
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        TransformPtr ct;
        if (!same_crs(from, working)) {
            ct = make_transform(from, working, name + ": layer " + lname);
            if (notes)
                notes->push_back(fmt::format("{}: layer {} reprojected from {} to {}", name, lname,
                                             from.GetAuthorityCode(nullptr) ? fmt::format("{}:{}", from.GetAuthorityName(nullptr), from.GetAuthorityCode(nullptr))
                                                                            : std::string(from.GetName() ? from.GetName() : "its CRS"),
                                             city.crs));
        }
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        const int id_field = defn->GetFieldIndex("id"), class_field = defn->GetFieldIndex("class"),
                  note_field = defn->GetFieldIndex("note");
        layer->ResetReading();
        while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) {
            const std::int64_t fid = f->GetFID();
            auto where = [&](const char* field) { return Where{name, lname, fid, field}; };
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint)
                throw InputError(where("geometry"), g && !g->IsEmpty() ? fmt::format("a proposed site is a point, not a {}", g->getGeometryName())
                                                                       : std::string("a proposed site has no point"));
            double x = g->toPoint()->getX(), y = g->toPoint()->getY();
            if (ct && !ct->Transform(1, &x, &y)) throw InputError(where("geometry"), "the point cannot be reprojected to " + city.crs);
            if (!std::isfinite(x) || !std::isfinite(y)) throw InputError(where("geometry"), "the point's coordinates are not finite");
            ProposedSite s;
            s.role = role;
            s.x = x, s.y = y;
            if (class_field >= 0 && f->IsFieldSetAndNotNull(class_field)) {
                const std::string raw = f->GetFieldAsString(class_field);
                const std::optional<double> c = class_word(role, raw);
                if (!c || !valid_class(role, *c))
                    throw InputError(where("class"), fmt::format("\"{}\" is not a class of {} ({})", raw, role,
                                                                 role == "toilets" ? "1-4: 一类, 二类, 三类, 三类以下"
                                                                                   : "1-3: 健身点, 多功能运动场, 体育中心"));
                s.cls = *c;
            }
            if (note_field >= 0 && f->IsFieldSetAndNotNull(note_field)) s.note = f->GetFieldAsString(note_field);
            if (id_field >= 0 && f->IsFieldSetAndNotNull(id_field)) {
                const long long id = f->GetFieldAsInteger64(id_field);
                if (id <= 0 || id > 1'000'000'000) throw InputError(where("id"), fmt::format("a site's id is a positive number, not {}", id));
                s.id = static_cast<int>(id);
                if (!used.insert(s.id).second)
                    throw InputError(where("id"), fmt::format("id {} is used twice (also by {} feature {})", s.id,
                                                              first_use[s.id].layer, *first_use[s.id].feature));
                first_use[s.id] = where("id");
            } else {
                unnumbered.emplace_back(p.sites.size(), where("id"));
            }
            if (warnings && index.locate(x, y) == DistrictIndex::outside)
                warnings->push_back(fmt::format("{}: layer {}: feature {}: the proposed site lies outside every district "
                                                "(counted outside, as an existing facility there)",
                                                name, lname, fid));
            p.sites.push_back(std::move(s));
        }
    }
    if (!any_layer)
        throw InputError(in_file(name), "is not a scenario: it has neither a proposed_toilets nor a proposed_fitness layer");
    int next = used.empty() ? 1 : *used.rbegin() + 1;
    for (const auto& [k, w] : unnumbered) p.sites[k].id = next++;
    std::sort(p.sites.begin(), p.sites.end(), [](const ProposedSite& a, const ProposedSite& b) { return a.id < b.id; });
    return p;
}

void write_proposal_geojson(const City& city, const Proposal& proposal, const std::filesystem::path& out) {
    check_writable(out, {".geojson", ".json"});
    AtomicOutputs outs({out});
    write_proposal_geojson(outs, 0, city, proposal);
    outs.commit();
}

void write_proposal_geojson(AtomicOutputs& outs, std::size_t i, const City& city, const Proposal& proposal) {
    GdalSink sink(outs, i);
    OGRLayer* layer = sink.layer("proposed_sites", city, wkbPoint, "id");
    sink.fields(layer, {{"id", OFTInteger}, {"facility", OFTString}, {"class", OFTInteger}, {"note", OFTString}});
    sink.begin();
    for (const ProposedSite& s : proposal.sites) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("id", s.id);
        f.SetField("facility", s.role.c_str());
        if (s.cls) f.SetField("class", static_cast<int>(*s.cls));
        f.SetField("note", s.note.c_str());
        f.SetGeometryDirectly(new OGRPoint(s.x, s.y));
        sink.put(layer, f);
    }
    sink.end(layer, proposal.sites.size());
    sink.close();
}

}  // namespace hcgis::io
