// Attribute text: UTF-8 checks and GBK conversion, as the loader uses them on raw shapefile and CSV bytes.
#include "io/text_encoding.h"

#include <catch2/catch.hpp>

using namespace hcgis::io;

TEST_CASE("is_utf8 accepts well-formed UTF-8 and nothing else", "[encoding]") {
    CHECK(is_utf8(""));
    CHECK(is_utf8("plain ascii"));
    CHECK(is_utf8("中云街道"));
    CHECK(is_utf8("\xF0\x9F\x98\x80"));        // 4-byte (U+1F600)
    CHECK_FALSE(is_utf8("\xD6\xD0\xD4\xC6"));  // 中云 in GBK
    CHECK_FALSE(is_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(is_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    CHECK_FALSE(is_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(is_utf8("\xE4\xB8"));          // cut short
    CHECK(has_non_ascii("街"));
    CHECK_FALSE(has_non_ascii("street"));
}

TEST_CASE("to_utf8 converts GBK and refuses bytes that are not in the encoding", "[encoding]") {
    CHECK(to_utf8("\xD6\xD0\xD4\xC6\xBD\xD6\xB5\xC0", "GBK") == std::optional<std::string>("中云街道"));
    CHECK(to_utf8("\xD6\xD0\xD4\xC6", "GB18030") == std::optional<std::string>("中云"));
    CHECK(to_utf8("ascii", "GBK") == std::optional<std::string>("ascii"));
    CHECK_FALSE(to_utf8("\xD6", "GBK").has_value());  // a lead byte without its trail
    CHECK(to_utf8("中云", "UTF-8") == std::optional<std::string>("中云"));
    CHECK_FALSE(to_utf8("\xD6\xD0", "utf8").has_value());
    CHECK_FALSE(to_utf8("\xD6\xD0", "NO-SUCH-ENCODING").has_value());
    CHECK(known_encoding("GBK"));
    CHECK(known_encoding("CP936"));
    CHECK_FALSE(known_encoding("NO-SUCH-ENCODING"));
    CHECK(is_utf8_name("utf-8"));
    CHECK(is_utf8_name("UTF8"));
    CHECK_FALSE(is_utf8_name("GBK"));
}
