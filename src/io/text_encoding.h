// Attribute text in the encodings planning data really comes in. GDAL hands out UTF-8 for most formats,
// but a shapefile without its .cpg (and without a code page in the DBF header) and a CSV saved by a
// Chinese Excel carry their bytes as they are, most often GBK. These helpers check and convert such bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hcgis::io {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_utf8(std::string_view text);

/// True when `text` has a byte above 0x7F.
bool has_non_ascii(std::string_view text);

/// `text` converted from `encoding` (any name iconv knows: "GBK", "GB18030", "CP936", "UTF-8",
/// "ISO-8859-1", ...) to UTF-8; nullopt when the bytes are not valid in that encoding or the encoding is
/// unknown.
std::optional<std::string> to_utf8(std::string_view text, const std::string& encoding);

/// True when iconv can convert from `encoding` to UTF-8.
bool known_encoding(const std::string& encoding);

/// True when `encoding` names UTF-8 ("UTF-8", "utf8", "UTF8" ...).
bool is_utf8_name(std::string_view encoding);

}  // namespace hcgis::io
