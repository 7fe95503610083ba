// The viewer's words in Chinese (the users' language) and English. A small table rather than Qt
// Linguist files: the vocabulary is short and the switch happens at run time.
#pragma once

#include <QString>

namespace hcgis::viewer {

enum class Lang { Zh, En };

/// The current language (Chinese unless set otherwise).
Lang language();
void set_language(Lang l);

/// The text for `key` in the current language; the key itself when the table lacks it.
QString ui(const char* key);

}  // namespace hcgis::viewer
