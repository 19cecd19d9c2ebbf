#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
// Under AddressSanitizer: record allocation stacks with the full (DWARF) unwinder. Mesa's software
// renderer allocates from code that LLVM compiles at run time without frame pointers; the fast
// unwinder stops there ("<unknown module>"), so LeakSanitizer could not see that Mesa holds the
// memory and tests/lsan.supp could not match it (seen on a fresh machine, whose shader cache is
// empty). Options given in ASAN_OPTIONS still win.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
#endif
#endif
