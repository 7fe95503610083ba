// The scorecard as JSON text, written straight into one string: the bytes of
// scorecard_json(city, card, catalog).dump(2) + "\n" without the tree in between (on the 1 M city the
// tree took 10-19 ms to build, 13-25 ms to dump and 4-11 ms to free for its 2.3 MB).
//
// What makes the bytes nlohmann's: every object's members in the order of its std::map (keys compared
// byte by byte; a key given twice keeps the last value, as `j[key] = …` does), two spaces of indent per
// level, "{}" and "[]" for empty ones, doubles through nlohmann's own dtoa (`detail::to_chars`, non-finite
// ones as null), strings escaped as nlohmann escapes them with ensure_ascii off (\", \\, \b \f \n \r \t,
// other control characters as \u00xx, UTF-8 copied as is), and a string that is not valid UTF-8 handed to
// nlohmann itself, which throws the same error the tree's dump throws. tests/io/test_scorecard_json.cpp compares
// the two on every bundled project and on a scorecard built to hit each of these rules.
#include "io/report.h"

#include "core/roles.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace hcgis::io {
namespace {

/// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c == 0xE0) { n = 2; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) n = 2;
        else if (c == 0xED) { n = 2; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) n = 2;
        else if (c == 0xF0) { n = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) n = 3;
        else if (c == 0xF4) { n = 3; hi = 0x8F; }
        else return false;
        if (end - p <= n) return false;
        if (p[1] < lo || p[1] > hi) return false;
        for (int k = 2; k <= n; ++k)
            if (p[k] < 0x80 || p[k] > 0xBF) return false;
        p += n + 1;
    }
    return true;
}

/// Writes JSON as nlohmann's dump(2) lays it out. Members and elements are separated and indented as
/// they come; a container with none closes on its own line's opening ("{}", "[]").
class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// The next member's key (inside an object).
    void key(std::string_view k) {
        next();
        string_text(k);
        out_ += ": ";
        after_key_ = true;
    }

    void value(std::string_view s) {
        element();
        string_text(s);
    }
    void value(const char* s) { value(std::string_view(s)); }
    void value(double x) {
        element();
        if (!std::isfinite(x)) {
            out_ += "null";
            return;
        }
        std::array<char, 64> buf;
        char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), x);
        out_.append(buf.data(), end);
    }
    void value(std::size_t n) {
        element();
        std::array<char, 24> buf;
        const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
        out_.append(buf.data(), r.ptr);
    }
    void value(bool b) {
        element();
        out_ += b ? "true" : "false";
    }
    void null() {
        element();
        out_ += "null";
    }
    template <class T>
    void value_or_null(const std::optional<T>& v) {
        if (v) value(*v);
        else null();
    }

private:
    void open(char c) {
        element();
        out_ += c;
        first_.push_back(true);
    }
    void close(char c) {
        const bool empty = first_.back();
        first_.pop_back();
        if (!empty) newline();
        out_ += c;
    }
    /// Before a value: after its key nothing; inside an array the separator and indent.
    void element() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_.empty()) next();
    }
    /// The separator (after the first) and the indent of a member or element.
    void next() {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
        newline();
    }
    void newline() {
        out_ += '\n';
        out_.append(2 * first_.size(), ' ');
    }
    void string_text(std::string_view s) {
        if (!valid_utf8(s)) {
            out_ += nlohmann::json(std::string(s)).dump();  // throws nlohmann's own error for it
            return;
        }
        out_ += '"';
        std::size_t run = 0;  // start of the bytes not yet copied
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(s.data() + run, i - run);
            run = i + 1;
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\b': out_ += "\\b"; break;
                case '\f': out_ += "\\f"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default: out_ += fmt::format("\\u{:04x}", c);
            }
        }
        out_.append(s.data() + run, s.size() - run);
        out_ += '"';
    }

    std::string& out_;
    std::vector<bool> first_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

/// The entries of `d` in the order of a std::map of their keys, the last of equal keys kept.
std::vector<const std::pair<std::string, double>*> map_order(const std::vector<std::pair<std::string, double>>& d) {
    std::vector<const std::pair<std::string, double>*> out;
    out.reserve(d.size());
    for (const auto& e : d) out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    std::vector<const std::pair<std::string, double>*> last;
    last.reserve(out.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (i + 1 == out.size() || out[i + 1]->first != out[i]->first) last.push_back(out[i]);
    return last;
}

/// value_json() of report.cpp, its keys in sorted order.
void write_value(Writer& w, const IndicatorDef* def, const std::string& id, const Value& v) {
    w.begin_object();
    if (def && def->city_target && def->city_target != def->target) {
        w.key("city_target");
        w.value(*def->city_target);
    }
    if (!v.detail.empty()) {
        w.key("detail");
        w.begin_object();
        for (const auto* e : map_order(v.detail)) {
            w.key(e->first);
            w.value(e->second);
        }
        w.end_object();
    }
    if (v.gap) {
        w.key("gap");
        w.begin_object();
        w.key("amount");
        w.value(v.gap->amount);
        w.key("text");
        w.value(v.gap->text);
        w.key("unit");
        w.value(v.gap->unit);
        w.end_object();
    }
    if (v.mode != Measure::None) {
        w.key("mode");
        w.value(measure_name(v.mode));
    }
    if (def) {
        w.key("name");
        w.value(def->name_zh);
    } else {
        w.key("note");
        w.value(fmt::format("\"{}\" is not in the indicator catalog", id));
    }
    if (def) {
        w.key("op");
        w.value(op_symbol(def->op));
    }
    w.key("pass");
    w.value_or_null(v.pass);
    if (def) {
        w.key("plan");
        w.value(def->plan);
    }
    if (!v.value) {
        w.key("reason");
        w.value(v.reason.english());
    }
    if (def) {
        w.key("responsible");
        w.value(def->responsible);
    }
    w.key("target");
    w.value_or_null(v.target);
    if (def) {
        w.key("unit");
        w.value(unit_name(def->unit));
    }
    w.key("value");
    w.value_or_null(v.value);
    w.end_object();
}

/// area_json() of report.cpp: the area's values of the scorecard's ids, by id in sorted order.
void write_area(Writer& w, const Scorecard& card, const Catalog& catalog, const AreaResult& area) {
    std::vector<const std::string*> ids;
    ids.reserve(card.ids.size());
    for (const auto& id : card.ids)
        if (area.values.count(id)) ids.push_back(&id);
    std::sort(ids.begin(), ids.end(), [](const auto* a, const auto* b) { return *a < *b; });
    ids.erase(std::unique(ids.begin(), ids.end(), [](const auto* a, const auto* b) { return *a == *b; }), ids.end());
    w.begin_object();
    for (const std::string* id : ids) {
        w.key(*id);
        write_value(w, catalog.find(*id), *id, area.values.at(*id));
    }
    w.end_object();
}

void write_strings(Writer& w, const std::vector<std::string>& list) {
    w.begin_array();
    for (const auto& s : list) w.value(s);
    w.end_array();
}

}  // namespace

std::string scorecard_json_text(const City& city, const Scorecard& card, const Catalog& catalog) {
    std::string out;
    out.reserve(4096 + 12000 * (card.districts.size() + 1));
    Writer w(out);
    w.begin_object();
    w.key("crs");
    w.value(city.crs);
    w.key("crs_note");
    w.value(city.crs_note);
    w.key("districts");
    w.begin_array();
    for (std::size_t d = 0; d < card.districts.size(); ++d) {
        const AreaResult& a = card.districts[d];
        w.begin_object();
        if (!a.code.empty()) {
            w.key("code");
            w.value(a.code);
        }
        w.key("indicators");
        write_area(w, card, catalog, a);
        w.key("name");
        w.value(a.name);
        w.key("population");
        w.value_or_null(city.districts.population[d]);
        w.end_object();
    }
    w.end_array();
    w.key("layers");
    w.begin_array();
    for (const auto& l : card.layers) {
        w.begin_object();
        w.key("crs");
        w.value(l.crs);
        w.key("in_district");
        w.value(l.account.in_district);
        w.key("outside");
        w.value(l.account.outside);
        if (const auto& p = l.account.population) {
            w.key("population");
            w.begin_object();
            w.key("dropped");
            w.value(p->dropped);
            w.key("nodata_cells");
            w.value(p->nodata);
            w.key("outside");
            w.value(p->outside);
            w.key("placed");
            w.value(p->placed);
            w.key("read");
            w.value(p->read);
            w.key("unplaceable_units");
            w.value(p->unplaceable);
            w.key("zero_units");
            w.value(p->zero);
            w.end_object();
        }
        w.key("read");
        w.value(l.account.read);
        w.key("rejected");
        w.value(l.account.rejected);
        w.key("role");
        w.value(l.role);
        w.key("source");
        w.value(l.source);
        w.end_object();
    }
    w.end_array();
    w.key("notes");
    write_strings(w, card.notes);
    w.key("project");
    w.value(city.name);
    w.key("total");
    w.begin_object();
    w.key("indicators");
    write_area(w, card, catalog, card.total);
    w.key("name");
    w.value(card.total.name);
    w.end_object();
    w.key("warnings");
    write_strings(w, card.warnings);
    w.end_object();
    out += '\n';
    return out;
}

}  // namespace hcgis::io
