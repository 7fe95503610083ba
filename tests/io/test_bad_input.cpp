// The catalogue of bad input (tests/data/bad): every case answered by one clear line, a warning, or a
// null value with its reason — never by a crash or a silent drop.
#include "core/analysis.h"
#include "core/geos.h"
#include "io/error.h"
#include "io/load.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hcgis;
namespace fs = std::filesystem;

TEST_CASE("every bad-input case gets the answer written beside it", "[bad_input]") {
    const fs::path root = fs::path(HCGIS_TEST_DATA) / "bad";
    std::size_t cases = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
        if (!dir.is_directory() || fs::exists(dir.path() / "command.txt")) continue;  // output cases: tests/cli
        ++cases;
        std::ifstream in(dir.path() / "expect.txt");
        std::string expect, second;
        std::getline(in, expect);
        std::getline(in, second);  // optional: "rejected: <role> <count>"
        INFO(dir.path().filename().string() << ": " << expect);
        const auto colon = expect.find(": ");
        REQUIRE(colon != std::string::npos);
        const std::string kind = expect.substr(0, colon), text = expect.substr(colon + 2);
        std::string error;
        Scorecard card;
        io::LoadOptions options;
        options.repair = kind == "repaired";
        try {
            const City city = io::load_city(io::read_project(dir.path() / "project.json"), options);
            card = compute_scorecard(city);
        } catch (const io::InputError& e) {
            error = e.what();
        }
        if (kind == "error") {
            INFO("got: " << error);
            CHECK(error.find(text) != std::string::npos);
            // One line, naming a file of the case.
            CHECK(error.find('\n') == std::string::npos);
            CHECK(error.find(dir.path().string()) != std::string::npos);
        } else if (kind == "warning" || kind == "repaired" || kind == "note") {
            INFO("got: " << error);
            REQUIRE(error.empty());
            const auto& lines = kind == "note" ? card.notes : card.warnings;
            bool found = false;
            for (const auto& w : lines) found |= w.find(text) != std::string::npos;
            for (const auto& w : lines) UNSCOPED_INFO(kind << ": " << w);
            CHECK(found);
            for (const auto& l : card.layers)
                CHECK(l.account.read == l.account.in_district + l.account.outside + l.account.rejected);
        } else if (kind == "null") {
            REQUIRE(error.empty());
            std::istringstream words(text);
            std::string id, district, reason;
            words >> id >> district;
            std::getline(words >> std::ws, reason);
            bool found = false;
            for (const auto& d : card.districts)
                if (d.name == district) {
                    found = true;
                    const Value& v = d.values.at(id);
                    CHECK_FALSE(v.value.has_value());
                    CHECK(v.reason.english() == reason);
                }
            CHECK(found);
        } else {
            FAIL("unknown expectation kind " << kind);
        }
        if (second.rfind("rejected: ", 0) == 0) {
            std::istringstream words(second.substr(10));
            std::string role;
            std::size_t count = 0;
            words >> role >> count;
            bool found = false;
            for (const auto& l : card.layers)
                if (l.role == role) {
                    found = true;
                    CHECK(l.account.rejected == count);
                }
            CHECK(found);
        }
    }
    CHECK(cases >= 38);
}
