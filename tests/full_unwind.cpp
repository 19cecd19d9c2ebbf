// Linked into the unit programs that use the UI library (tests/CMakeLists.txt): under
// AddressSanitizer, record allocation stacks with the full (DWARF) unwinder. Mesa's software
// renderer allocates from code that LLVM compiles at run time without frame pointers; the fast
// unwinder stops there ("<unknown module>"), so LeakSanitizer could not see that Mesa holds the
// memory and tests/lsan.supp could not match it (seen on a fresh machine, whose shader cache is
// empty). Options given in ASAN_OPTIONS still win.
//
// Only those programs: the full unwinder's first use reads every loaded library's unwind tables,
// about 0.1 s, which each test case (a process of its own) would pay; the other programs allocate
// only from code built with frame pointers or from libraries whose own frame tops the stack.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
#endif
#endif
