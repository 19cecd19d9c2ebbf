// Placeholder until the SFML kiosk lands (issue 4).
#include <cstdio>
#include "core/build_info.h"
int main() { std::printf("alliance-kiosk %s\n", alliance::build::version); }
