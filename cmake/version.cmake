# Writes OUT with WT_VERSION from `git describe`; leaves it untouched when unchanged.
execute_process(COMMAND git describe --always --dirty --tags WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR v STREQUAL "")
  set(v "0.1-nogit")
endif()
file(CONFIGURE OUTPUT ${OUT} CONTENT "#define WT_VERSION \"${v}\"\n")
