// The viewer's language. The source strings are Chinese, the users' language, so Chinese needs no
// translator; English comes from translations/hcgis_en.ts, compiled by lrelease into the library's
// resources (":/i18n/hcgis_en.qm") and installed as a QTranslator.
#pragma once

namespace hcgis::viewer {

enum class Lang { Zh, En };

/// The current language (Chinese unless set otherwise).
Lang language();
/// Switches the application to `l` by installing or removing the English translator; Qt then sends every
/// widget a QEvent::LanguageChange, on which the viewer's widgets set their words again. Needs the
/// QApplication. False, the language unchanged, when the English translations cannot be loaded.
bool set_language(Lang l);

}  // namespace hcgis::viewer
