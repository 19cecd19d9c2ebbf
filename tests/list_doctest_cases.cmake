# Run by doctest_cases.cmake after a unit program is linked (cmake -P): writes OUT, a ctest file
# with one test per doctest case of PROGRAM, named "<PREFIX>/<case name>", each carrying the
# properties in PROPERTIES_FILE.
cmake_minimum_required(VERSION 3.22)
foreach(var PROGRAM PREFIX PROPERTIES_FILE OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "list_doctest_cases.cmake: ${var} not given")
  endif()
endforeach()

execute_process(COMMAND "${PROGRAM}" --list-test-cases --no-version=true
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --list-test-cases failed (${status}):\n${output}${errors}")
endif()
file(READ "${PROPERTIES_FILE}" properties)

# A CMake list cannot hold ';' and splits badly on an unbalanced '[' or ']': stand-ins while the
# output is a list, then the real characters again for each name.
string(REPLACE "[" "<open>" output "${output}")
string(REPLACE "]" "<close>" output "${output}")
string(REPLACE ";" "<semicolon>" output "${output}")
string(REPLACE "\n" ";" lines "${output}")

set(names "")
set(script "")
foreach(line IN LISTS lines)
  # The list is the lines between doctest's own: "[doctest] ...", "=====..." and blank lines.
  if(line STREQUAL "" OR line MATCHES "^<open>doctest<close> " OR line MATCHES "^====")
    continue()
  endif()
  string(REPLACE "<open>" "[" name "${line}")
  string(REPLACE "<close>" "]" name "${name}")
  string(REPLACE "<semicolon>" ";" name "${name}")
  if(name MATCHES "]==]")
    message(FATAL_ERROR "${PROGRAM}: the test case name \"${name}\" has ]==]: rename the case")
  endif()
  if("${line}" IN_LIST names)
    message(FATAL_ERROR "${PROGRAM}: two test cases are named \"${name}\": ctest needs the names apart")
  endif()
  list(APPEND names "${line}")
  string(REPLACE "\\" "\\\\" filter "${name}")
  string(REPLACE "," "\\," filter "${filter}")
  string(APPEND script
    "add_test([==[${PREFIX}/${name}]==] [==[${PROGRAM}]==] [==[--test-case=${filter}]==] --case-sensitive=true)\n"
    "set_tests_properties([==[${PREFIX}/${name}]==] PROPERTIES${properties})\n")
endforeach()
if(names STREQUAL "")
  message(FATAL_ERROR "${PROGRAM}: no test cases listed:\n${output}")
endif()

# The case is picked by doctest's --test-case filter, where '*' and '?' are wildcards: a name that
# has one must not match another case's name too, or that case would run twice.
foreach(line IN LISTS names)
  if(NOT line MATCHES "[*?]")
    continue()
  endif()
  string(REGEX REPLACE "([][.+^$()|{}\\\\])" "\\\\\\1" pattern "${line}")
  string(REPLACE "*" ".*" pattern "${pattern}")
  string(REPLACE "?" "." pattern "${pattern}")
  foreach(other IN LISTS names)
    if(NOT other STREQUAL line AND other MATCHES "^${pattern}$")
      message(FATAL_ERROR "${PROGRAM}: the test case name \"${line}\" (with * or ?) also matches \"${other}\": rename one")
    endif()
  endforeach()
endforeach()

# Written only when changed, so that an unchanged list does not look new to anything that watches it.
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL script)
  file(WRITE "${OUT}" "${script}")
endif()
