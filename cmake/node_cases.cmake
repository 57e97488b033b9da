# The node cases: every cases/node/NAME.js with a "// @case" header becomes a registry entry
# (wt_case_node_NAME), generated here from its header lines:
#   // @case node.family.variant        the result name's family.variant
#   // @summary one line                 what it measures, in what unit
#   // @min_pus N                        distinct PUs it needs (default 1)
#   // @param NAME QUICK FULL            comma lists, as a native descriptor's
#   // @native REGEX                     its native counterparts' result names (wt_case.native)
# Its setup is wt_node_setup (harness/node.c); run and teardown are the helper protocol's. The case
# files, the harness's own JavaScript (harness/node/) and the package files are copied into
# BUILD/node/, where `npm ci` installs the pinned packages (ci/npm-ci).
file(GLOB WT_NODE_CASES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/cases/node/*.js)
file(GLOB WT_NODE_HARNESS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/harness/node/*.js)
list(SORT WT_NODE_CASES)
set(WT_NODE_CASE_NAMES "")
foreach(f ${WT_NODE_CASES} ${WT_NODE_HARNESS} ${CMAKE_SOURCE_DIR}/cases/node/package.json
          ${CMAKE_SOURCE_DIR}/cases/node/package-lock.json)
  if(EXISTS ${f})
    get_filename_component(fname ${f} NAME)
    configure_file(${f} ${CMAKE_BINARY_DIR}/node/${fname} COPYONLY)
  endif()
endforeach()

function(wt_c_string out in)
  string(REPLACE "\\" "\\\\" s "${in}")
  string(REPLACE "\"" "\\\"" s "${s}")
  set(${out} "\"${s}\"" PARENT_SCOPE)
endfunction()

foreach(f ${WT_NODE_CASES})
  file(STRINGS ${f} hdr REGEX "^// @")
  set(name "")
  set(summary "")
  set(min_pus 1)
  set(params "")
  set(native "NULL")
  foreach(line ${hdr})
    if(line MATCHES "^// @case +([a-z0-9_.]+) *$")
      set(name ${CMAKE_MATCH_1})
    elseif(line MATCHES "^// @summary +(.+)$")
      set(summary "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^// @min_pus +([0-9]+) *$")
      set(min_pus ${CMAKE_MATCH_1})
    elseif(line MATCHES "^// @native +([^ ]+) *$")
      wt_c_string(native "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^// @param +([a-z0-9_]+) +([^ ]+) +([^ ]+) *$")
      wt_c_string(pn "${CMAKE_MATCH_1}")
      wt_c_string(pq "${CMAKE_MATCH_2}")
      wt_c_string(pf "${CMAKE_MATCH_3}")
      string(APPEND params "{${pn}, ${pq}, ${pf}}, ")
    else()
      message(FATAL_ERROR "${f}: header line not understood: ${line}")
    endif()
  endforeach()
  if(name STREQUAL "")
    continue()
  endif()
  get_filename_component(base ${f} NAME_WE)
  string(REPLACE "." "_" expect "${name}")
  if(NOT expect STREQUAL "node_${base}")
    message(FATAL_ERROR "${f}: @case ${name} must live in cases/node/${expect}.js without the node_ prefix")
  endif()
  wt_c_string(cname "${name}")
  wt_c_string(csum "${summary}")
  string(APPEND gen "static const wt_param wt__np_${base}[] = {${params}{0}};\n")
  string(APPEND gen "const wt_case wt_case_node_${base} = {.name = ${cname}, .summary = ${csum}, "
         ".min_pus = ${min_pus}, .params = wt__np_${base}, .setup = wt_node_setup, "
         ".run = wt_helper_run, .teardown = wt_helper_stop, .native = ${native}};\n")
  string(APPEND tab "    &wt_case_node_${base},\n")
  list(APPEND WT_NODE_CASE_NAMES ${name})
endforeach()

find_program(WT_NPM npm)
if(EXISTS ${CMAKE_SOURCE_DIR}/cases/node/package-lock.json)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/node/npm-ci.stamp
    COMMAND sh ${CMAKE_SOURCE_DIR}/ci/npm-ci ${CMAKE_BINARY_DIR}/node
    DEPENDS ${CMAKE_SOURCE_DIR}/cases/node/package-lock.json ${CMAKE_SOURCE_DIR}/ci/npm-ci
    COMMENT "npm ci: the node cases' pinned packages")
  add_custom_target(wt_node_modules ALL DEPENDS ${CMAKE_BINARY_DIR}/node/npm-ci.stamp)
endif()
