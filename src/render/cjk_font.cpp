#include "render/cjk_font.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace hcgis::render {
namespace {

/// A malformed font: caught at the top, where it becomes nullopt.
struct Malformed : std::runtime_error {
    Malformed() : std::runtime_error("malformed font") {}
};

std::uint32_t u16(std::string_view b, std::size_t at) {
    if (at + 2 > b.size()) throw Malformed();
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at]) << 8 | static_cast<unsigned char>(b[at + 1]));
}

std::uint32_t u32(std::string_view b, std::size_t at) { return u16(b, at) << 16 | u16(b, at + 2); }

void put16(std::string& out, std::uint32_t v) {
    out += static_cast<char>(v >> 8 & 0xff);
    out += static_cast<char>(v & 0xff);
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v >> 16);
    put16(out, v & 0xffff);
}

struct Table {
    std::string tag;
    std::string_view data;
};

/// The table records of the face whose table directory starts at `at`.
std::vector<Table> face_tables(std::string_view font, std::size_t at) {
    const std::uint32_t count = u16(font, at + 4);
    std::vector<Table> tables;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t rec = at + 12 + 16 * i;
        const std::uint32_t offset = u32(font, rec + 8), length = u32(font, rec + 12);
        if (std::size_t{offset} + length > font.size()) throw Malformed();
        tables.push_back({std::string(font.substr(rec, 4)), font.substr(offset, length)});
    }
    return tables;
}

std::string_view find_table(const std::vector<Table>& tables, std::string_view tag) {
    for (const auto& t : tables)
        if (t.tag == tag) return t.data;
    return {};
}

/// The name record `id` of the Windows platform (UTF-16BE), its non-ASCII characters as '?'; "" if none.
std::string name_record(std::string_view name, std::uint32_t id) {
    if (name.empty()) return {};
    const std::uint32_t count = u16(name, 2), strings = u16(name, 4);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t rec = 6 + 12 * i;
        if (u16(name, rec) != 3 || u16(name, rec + 6) != id) continue;
        const std::uint32_t length = u16(name, rec + 8), offset = u16(name, rec + 10);
        std::string ascii;
        for (std::uint32_t k = 0; k + 1 < length; k += 2) {
            const std::uint32_t c = u16(name, strings + offset + k);
            ascii += c < 0x80 ? static_cast<char>(c) : '?';
        }
        return ascii;
    }
    return {};
}

/// A name table of family, subfamily, full name and PostScript name (Windows, Unicode BMP, US English).
std::string name_table(const std::string& family, const std::string& subfamily, const std::string& postscript) {
    const std::vector<std::pair<std::uint32_t, std::string>> records{
        {1, family}, {2, subfamily}, {4, family + " " + subfamily}, {6, postscript}};
    std::string out, strings;
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(records.size()));
    put16(out, static_cast<std::uint32_t>(6 + 12 * records.size()));
    for (const auto& [id, text] : records) {
        put16(out, 3);
        put16(out, 1);
        put16(out, 0x409);
        put16(out, id);
        put16(out, static_cast<std::uint32_t>(2 * text.size()));
        put16(out, static_cast<std::uint32_t>(strings.size()));
        for (char c : text) put16(strings, static_cast<unsigned char>(c));
    }
    return out + strings;
}

/// Code points that must not own a glyph another code point draws: Qt writes the lowest code point of a
/// glyph into the PDF's ToUnicode map, so the space glyph would be extracted as a tab (U+0009), 目 as ⽬.
bool yields(std::uint32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x2E80 && c <= 0x2FDF); }

/// The code point → glyph map of a format 12 subtable.
std::map<std::uint32_t, std::uint32_t> read_format12(std::string_view sub) {
    std::map<std::uint32_t, std::uint32_t> map;
    const std::uint32_t groups = u32(sub, 12);
    for (std::uint32_t g = 0; g < groups; ++g) {
        const std::uint32_t first = u32(sub, 16 + 12 * g), last = u32(sub, 20 + 12 * g), glyph = u32(sub, 24 + 12 * g);
        if (last < first || last - first > 0x110000) throw Malformed();
        for (std::uint32_t c = first; c <= last; ++c) map[c] = glyph + (c - first);
    }
    return map;
}

/// `map` without the code points that yield() whose glyph another code point also maps to.
void drop_shared(std::map<std::uint32_t, std::uint32_t>& map) {
    std::set<std::uint32_t> others;
    for (const auto& [c, g] : map)
        if (!yields(c)) others.insert(g);
    for (auto it = map.begin(); it != map.end();)
        it = yields(it->first) && others.count(it->second) ? map.erase(it) : std::next(it);
}

std::string write_format12(const std::map<std::uint32_t, std::uint32_t>& map) {
    std::vector<std::array<std::uint32_t, 3>> groups;
    for (const auto& [c, g] : map) {
        if (!groups.empty() && groups.back()[1] + 1 == c && groups.back()[2] + (c - groups.back()[0]) == g)
            groups.back()[1] = c;
        else
            groups.push_back({c, c, g});
    }
    std::string out;
    put16(out, 12);
    put16(out, 0);
    put32(out, static_cast<std::uint32_t>(16 + 12 * groups.size()));
    put32(out, 0);
    put32(out, static_cast<std::uint32_t>(groups.size()));
    for (const auto& g : groups)
        for (std::uint32_t v : g) put32(out, v);
    return out;
}

/// The length of the cmap subtable at the start of `sub`, by its format.
std::uint32_t subtable_length(std::string_view sub) {
    const std::uint32_t format = u16(sub, 0);
    if (format == 14) return u32(sub, 2);
    if (format >= 8) return u32(sub, 4);
    return u16(sub, 2);
}

/// The cmap with its format 12 subtable rebuilt without the shared radicals and its format 4 subtables
/// left out (format 12 holds every BMP mapping too, and FreeType prefers it). Without a format 12 the cmap
/// is returned as it was.
std::string rebuilt_cmap(std::string_view cmap) {
    const std::uint32_t count = u16(cmap, 2);
    struct Record { std::uint32_t platform, encoding, offset; };
    std::vector<Record> kept;
    std::string_view format12;
    for (std::uint32_t i = 0; i < count; ++i) {
        const Record r{u16(cmap, 4 + 8 * i), u16(cmap, 6 + 8 * i), u32(cmap, 8 + 8 * i)};
        if (r.offset >= cmap.size()) throw Malformed();
        const std::uint32_t format = u16(cmap, r.offset);
        if (format == 12) format12 = cmap.substr(r.offset);
        if (format != 4) kept.push_back(r);
    }
    if (format12.empty()) return std::string(cmap);
    auto map = read_format12(format12);
    drop_shared(map);
    // Qt draws a tab with the space's glyph when the font maps none, and so names the space glyph U+0009 in
    // the PDF (copied text gets tabs for spaces). The tab gets the en space's glyph instead, which hcgis never
    // writes.
    if (!map.count(0x09) && map.count(0x2002)) map[0x09] = map[0x2002];
    const std::string new12 = write_format12(map);

    std::string body;  // the subtables, each once, after the records
    std::map<std::uint32_t, std::uint32_t> moved;  // old offset → new offset
    const std::uint32_t header = 4 + 8 * static_cast<std::uint32_t>(kept.size());
    for (const auto& r : kept) {
        if (moved.count(r.offset)) continue;
        moved[r.offset] = header + static_cast<std::uint32_t>(body.size());
        const std::string_view sub = cmap.substr(r.offset);
        if (u16(sub, 0) == 12) {
            body += new12;
        } else {
            const std::uint32_t length = subtable_length(sub);
            if (length > sub.size()) throw Malformed();
            body += sub.substr(0, length);
        }
        while (body.size() % 4) body += '\0';
    }
    std::string out;
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(kept.size()));
    for (const auto& r : kept) {
        put16(out, r.platform);
        put16(out, r.encoding);
        put32(out, moved[r.offset]);
    }
    return out + body;
}

std::uint32_t checksum(std::string_view data) {
    std::uint32_t sum = 0;
    std::string padded(data);
    while (padded.size() % 4) padded += '\0';
    for (std::size_t i = 0; i < padded.size(); i += 4) sum += u32(padded, i);
    return sum;
}

/// A single-face font of `tables` (sorted by tag, as in the collection), 4-byte aligned.
std::string write_font(std::uint32_t version, const std::vector<std::pair<std::string, std::string_view>>& tables) {
    const auto n = static_cast<std::uint32_t>(tables.size());
    std::uint32_t power = 1, log2 = 0;
    while (power * 2 <= n) power *= 2, ++log2;
    std::string out;
    put32(out, version);
    put16(out, n);
    put16(out, power * 16);
    put16(out, log2);
    put16(out, n * 16 - power * 16);
    std::uint32_t offset = 12 + 16 * n;
    for (const auto& [tag, data] : tables) {
        out += tag;
        put32(out, checksum(data));
        put32(out, offset);
        put32(out, static_cast<std::uint32_t>(data.size()));
        offset += static_cast<std::uint32_t>((data.size() + 3) / 4 * 4);
    }
    for (const auto& [tag, data] : tables) {
        out += data;
        while (out.size() % 4) out += '\0';
    }
    return out;
}

}  // namespace

std::optional<std::string> cjk_face_for_pdf(std::string_view font, std::string_view family, const std::string& rename) {
    try {
        std::vector<std::size_t> faces;
        if (font.substr(0, 4) == "ttcf") {
            const std::uint32_t count = u32(font, 8);
            for (std::uint32_t i = 0; i < count && i < 256; ++i) faces.push_back(u32(font, 12 + 4 * i));
        } else {
            faces.push_back(0);
        }
        for (const std::size_t at : faces) {
            const std::vector<Table> tables = face_tables(font, at);
            const std::string_view name = find_table(tables, "name");
            if (name_record(name, 1) != family && name_record(name, 16) != family) continue;
            const std::string cmap = rebuilt_cmap(find_table(tables, "cmap"));
            const std::string names = name_table(rename, name_record(name, 2), name_record(name, 6));
            std::vector<std::pair<std::string, std::string_view>> out;
            for (const auto& t : tables) {
                if (t.tag == "GSUB") continue;
                out.emplace_back(t.tag, t.tag == "cmap" ? std::string_view(cmap) : t.tag == "name" ? std::string_view(names) : t.data);
            }
            return write_font(u32(font, at), out);
        }
    } catch (const Malformed&) {
    }
    return std::nullopt;
}

}  // namespace hcgis::render
