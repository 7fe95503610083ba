# The English translation is complete: lupdate brings a copy of TS up to date with the viewer's sources
# (SOURCE_DIR, headers found under INCLUDE_DIR); a string of the sources the .ts lacks comes in unfinished,
# one the sources no longer have is dropped, and an entry can be finished but empty. Any of these fails.
# cmake -DLUPDATE=... -DTS=... -DSOURCE_DIR=... -DINCLUDE_DIR=... -DCOPY=... -P check_translations.cmake
file(COPY_FILE "${TS}" "${COPY}")
execute_process(COMMAND "${LUPDATE}" -silent -I "${INCLUDE_DIR}" "${SOURCE_DIR}" -locations none -no-obsolete -ts "${COPY}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc})")
endif()
file(READ "${TS}" committed)
file(READ "${COPY}" updated)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*<translation type=\"unfinished\">" unfinished "${updated}")
string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*<translation></translation>" empty "${updated}")
if(unfinished OR empty)
  message(FATAL_ERROR "${TS}: not translated:\n${unfinished}${empty}\n(cmake --build <build> --target update_translations, then translate)")
endif()
if(NOT committed STREQUAL updated)
  message(FATAL_ERROR "${TS} differs from what lupdate makes of the sources (strings gone or moved): "
                      "cmake --build <build> --target update_translations, and compare")
endif()
message(STATUS "${TS}: every string of the viewer translated")
