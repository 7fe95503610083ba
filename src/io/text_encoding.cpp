#include "io/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cctype>
#include <memory>

namespace hcgis::io {

bool is_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c == 0xED) len = 3, hi = 0x9F;  // no UTF-16 surrogates
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        else return false;
        if (i + len > n) return false;
        if (s[i + 1] < lo || s[i + 1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
        i += len;
    }
    return true;
}

bool has_non_ascii(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

bool is_utf8_name(std::string_view encoding) {
    std::string t;
    for (char c : encoding)
        if (c != '-' && c != '_') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t == "utf8";
}

bool known_encoding(const std::string& encoding) {
    iconv_t cd = iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(cd);
    return true;
}

std::optional<std::string> to_utf8(std::string_view text, const std::string& encoding) {
    if (is_utf8_name(encoding)) {
        if (!is_utf8(text)) return std::nullopt;
        return std::string(text);
    }
    if (!has_non_ascii(text)) return std::string(text);
    iconv_t cd = iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
    std::string in(text), out(text.size() * 4 + 4, '\0');
    char* inp = in.data();
    std::size_t inleft = in.size();
    char* outp = out.data();
    std::size_t outleft = out.size();
    if (iconv(cd, &inp, &inleft, &outp, &outleft) == static_cast<std::size_t>(-1)) return std::nullopt;
    if (iconv(cd, nullptr, nullptr, &outp, &outleft) == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - outleft);
    return out;
}

}  // namespace hcgis::io
