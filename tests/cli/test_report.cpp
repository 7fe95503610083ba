// PDFs as a planner reads them: the text pdftotext (poppler-utils) extracts from a map sheet and from the
// report is the text written, byte for byte, in the proportional Noto Sans CJK SC; the report holds every
// district, gap and responsible unit, and a landscape sheet per indicator with a target.
#include "run_hcgis.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace hcgis::test;

namespace {

const std::string bundled = std::string("'") + HCGIS_SOURCE_DIR + "/layers/lyg-etdz.json'";

/// The standard output of the shell command `cmd`.
std::string shell(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    return out;
}

fs::path temp(const std::string& name) {
    return fs::temp_directory_path() / ("hcgis-pdf-" + std::to_string(::getpid()) + "-" + name);
}

/// The text of `pdf`, its lines joined: a table cell may wrap a long text onto two lines.
std::string pdf_text(const fs::path& pdf) {
    std::string text = shell("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
    std::string joined;
    for (char c : text)
        if (c != '\n' && c != '\f') joined += c;
    return joined;
}

/// Whether `utf8` holds a code point of the Kangxi Radicals or CJK Radicals Supplement (U+2E80-U+2FDF):
/// E2 BA 80 .. E2 BF 9F.
bool has_radical(const std::string& utf8) {
    for (std::size_t i = 0; i + 2 < utf8.size(); ++i) {
        const auto a = static_cast<unsigned char>(utf8[i]), b = static_cast<unsigned char>(utf8[i + 1]);
        if (a == 0xE2 && b >= 0xBA && b <= 0xBF) return true;
    }
    return false;
}

nlohmann::json scorecard() {
    const Run r = run("indicators " + bundled + " --format json");
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

bool tools() { return !shell("command -v pdftotext pdffonts pdfinfo").empty(); }

}  // namespace

TEST_CASE("a map sheet's PDF text is the text written, in the proportional Noto Sans CJK SC", "[cli][pdf]") {
    REQUIRE(tools());
    const fs::path pdf = temp("map.pdf");
    const Run r = run("map " + bundled + " --indicator toilet_density --dpi 72 --out '" + pdf.string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string raw = shell("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
    CHECK_FALSE(has_radical(raw));
    for (const char* word : {"目标", "一类", "二类", "公厕", "中云街道", "猴嘴街道", "朝阳街道", "审图号", "数据来源"})
        CHECK(raw.find(word) != std::string::npos);
    const std::string fonts = shell("pdffonts '" + pdf.string() + "'");
    INFO(fonts);
    CHECK(fonts.find("NotoSansCJKsc-Regular") != std::string::npos);
    CHECK(fonts.find("Mono") == std::string::npos);
    fs::remove(pdf);
}

TEST_CASE("the report holds every district, gap and responsible unit, a sheet per target, as real text",
          "[cli][pdf][report]") {
    REQUIRE(tools());
    const nlohmann::json card = scorecard();
    const fs::path pdf = temp("report.pdf");
    const Run r = run("report " + bundled + " --review-number 'GS(2026)1234号' --out '" + pdf.string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string text = pdf_text(pdf);
    CHECK_FALSE(has_radical(text));
    CHECK(text.find("GS(2026)1234号") != std::string::npos);
    for (const char* words : {"责任单位任务清单", "目录", "基尼系数", "指标评估总表", "专题图"})
        CHECK(text.find(words) != std::string::npos);

    std::set<std::string> gaps, units, sheets;
    auto area = [&](const nlohmann::json& a) {
        for (const auto& [id, v] : a["indicators"].items()) {
            if (v.contains("gap") && v["gap"].is_object()) gaps.insert(v["gap"]["text"].get<std::string>());
            const std::string resp = v.value("responsible", "");
            static const std::regex comma(",\\s*");
            for (std::sregex_token_iterator it(resp.begin(), resp.end(), comma, -1), end; it != end; ++it)
                if (it->length() > 0) units.insert(*it);
            if (!v["target"].is_null()) sheets.insert(id);
        }
    };
    for (const auto& d : card["districts"]) {
        CHECK(text.find(d["name"].get<std::string>()) != std::string::npos);
        area(d);
    }
    area(card["total"]);
    REQUIRE_FALSE(gaps.empty());
    for (const auto& g : gaps) {
        INFO(g);
        CHECK(text.find(g) != std::string::npos);
    }
    for (const auto& u : units) {
        INFO(u);
        CHECK(text.find(u) != std::string::npos);
    }
    // One landscape page per indicator with a target; the rest portrait.
    const std::string info = shell("pdfinfo -f 1 -l 999 '" + pdf.string() + "'");
    std::size_t landscape = 0, pages = 0;
    const std::regex size(R"(Page\s+\d+ size:\s+([\d.]+) x ([\d.]+))");
    for (std::sregex_iterator it(info.begin(), info.end(), size), end; it != end; ++it) {
        ++pages;
        if (std::stod((*it)[1]) > std::stod((*it)[2])) ++landscape;
    }
    CHECK(landscape == sheets.size());
    // cover, contents, summary, scorecard, tasks, spread, a page or more per district, the sheets' chapter.
    CHECK(pages >= 6 + card["districts"].size() + 1 + sheets.size());
    const std::string fonts = shell("pdffonts '" + pdf.string() + "'");
    CHECK(fonts.find("Mono") == std::string::npos);
    fs::remove(pdf);
}

TEST_CASE("an atlas of the 3 districts: 3 pages sorted by code, each zoomed to its district, or 3 files",
          "[cli][pdf][atlas]") {
    REQUIRE(tools());
    const fs::path pdf = temp("atlas.pdf");
    const Run r = run("atlas " + bundled + " --indicator park_green_per_capita --dpi 72 --out '" + pdf.string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(shell("pdfinfo '" + pdf.string() + "'").find("Pages:           3") != std::string::npos);
    std::vector<std::string> scales;
    const std::regex scale(R"(1 : [\d,]+)");
    for (int page = 1; page <= 3; ++page) {
        const std::string text = shell("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
                                       pdf.string() + "' -");
        CHECK_FALSE(has_radical(text));
        std::smatch m;
        REQUIRE(std::regex_search(text, m, scale));
        scales.push_back(m.str());
        // Sorted by code: 320771001 中云, 320771002 猴嘴, 320771003 朝阳.
        const char* first[] = {"中云街道 人均公园绿地面积", "猴嘴街道 人均公园绿地面积", "朝阳街道 人均公园绿地面积"};
        CHECK(text.find(first[page - 1]) != std::string::npos);
    }
    CHECK(std::set<std::string>(scales.begin(), scales.end()).size() > 1);  // each its own zoom
    fs::remove(pdf);

    const fs::path dir = temp("atlas-dir");
    fs::create_directories(dir);
    const Run d = run("atlas " + bundled + " --indicator park_green_per_capita --dpi 72 --out '" + dir.string() + "'");
    INFO(d.err);
    REQUIRE(d.status == 0);
    CHECK(fs::exists(dir / "320771001-中云街道.pdf"));
    CHECK(fs::exists(dir / "320771002-猴嘴街道.pdf"));
    CHECK(fs::exists(dir / "320771003-朝阳街道.pdf"));
    fs::remove_all(dir);
    CHECK(run("atlas " + bundled + " --indicator park_green_per_capita --out '" + (dir / "none").string() + "'").status == 1);
}
