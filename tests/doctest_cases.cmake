# Each doctest TEST_CASE of a unit program as its own ctest test, "<prefix>/<case name>", so that a
# failure names the case and `ctest -R unit.<module>` still selects a whole program.
#
# The list is made when the program is linked (a POST_BUILD step runs it with --list-test-cases,
# through list_doctest_cases.cmake) and read by ctest from a file this function adds to the
# directory's TEST_INCLUDE_FILES; ctest runs each case as `<program> --test-case=<name>`. Debian's
# doctest.cmake (doctest_discover_tests) is not used: it splits a multi-value LABELS property into
# separate arguments, breaks on a case name with an unbalanced bracket, and runs a case by a
# case-insensitive wildcard filter that may match more than one case.
#
#   alliance_doctest_cases(<target> PREFIX <prefix> [LABELS <label>...] [TIMEOUT <seconds>]
#                          [RESOURCE_LOCK <name>...] [RUN_SERIAL])
#
# Every case gets the labels, time-out and locks given. Each case also fails when its filter
# matched no case at all (a list older than the program: rebuild).

function(alliance_doctest_cases target)
  cmake_parse_arguments(D "RUN_SERIAL" "PREFIX;TIMEOUT" "LABELS;RESOURCE_LOCK" ${ARGN})
  set(properties "")
  if(D_LABELS)
    string(APPEND properties " LABELS [==[${D_LABELS}]==]")
  endif()
  if(D_TIMEOUT)
    string(APPEND properties " TIMEOUT ${D_TIMEOUT}")
  endif()
  if(D_RESOURCE_LOCK)
    string(APPEND properties " RESOURCE_LOCK [==[${D_RESOURCE_LOCK}]==]")
  endif()
  if(D_RUN_SERIAL)
    string(APPEND properties " RUN_SERIAL ON")
  endif()
  # doctest prints "test cases: 0 |" when the filter matched nothing.
  string(APPEND properties " FAIL_REGULAR_EXPRESSION [==[\\[doctest\\] test cases: +0 \\|]==]")
  string(APPEND properties " WORKING_DIRECTORY [==[${CMAKE_CURRENT_BINARY_DIR}]==]")

  set(cases_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_cases.cmake")
  set(properties_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_case_properties.txt")
  # Written only when changed; a change relinks the program, which writes its list again.
  file(CONFIGURE OUTPUT "${properties_file}" CONTENT "${properties}" @ONLY)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${properties_file}")
  add_custom_command(TARGET ${target} POST_BUILD
    BYPRODUCTS "${cases_file}"
    COMMAND "${CMAKE_COMMAND}"
            -D "PROGRAM=$<TARGET_FILE:${target}>"
            -D "PREFIX=${D_PREFIX}"
            -D "PROPERTIES_FILE=${properties_file}"
            -D "OUT=${cases_file}"
            -P "${PROJECT_SOURCE_DIR}/tests/list_doctest_cases.cmake"
    VERBATIM)

  # Before the first build there is no list: one placeholder test that says so.
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake")
  file(WRITE "${include_file}"
    "if(EXISTS [==[${cases_file}]==])\n"
    "  include([==[${cases_file}]==])\n"
    "else()\n"
    "  add_test([==[${D_PREFIX}/NOT_BUILT]==] [==[${target}_NOT_BUILT]==])\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
