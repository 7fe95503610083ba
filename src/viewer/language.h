// The viewer's language. The source strings are Chinese, the users' language, so Chinese needs no
// translator; English comes from translations/hcgis_en.ts, compiled by lrelease into the library's
// resources (":/i18n/hcgis_en.qm") and installed as a QTranslator.
#pragma once

namespace hcgis::viewer {

enum class Lang { Zh, En };

/// The current language (Chinese unless set otherwise).
Lang language();
/// Switches the application to `l` by installing or removing the English translator, and in Chinese Qt's
/// own translation of its buttons and dialogs (OK, Cancel, the file dialog); Qt then sends every widget a
/// QEvent::LanguageChange, on which the viewer's widgets set their words again. Needs the QApplication.
/// False, the language unchanged, when the English translations cannot be loaded.
bool set_language(Lang l);

/// Whether Qt's own words can be shown in Chinese (its qtbase_zh_CN translation is installed).
bool qt_words_in_chinese();

}  // namespace hcgis::viewer
