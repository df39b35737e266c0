# build/pkgconfig/memremap-uninstalled.pc: with PKG_CONFIG_PATH=build/pkgconfig,
# `pkg-config memremap` describes this build tree (pkg-config prefers an
# -uninstalled.pc): the headers the library's target gives its users (the
# source tree's and the generated ones), and the build tree's shared
# library with an RPATH to it, so that what links against it runs in place.
# The Python package's setup.py builds against it (docs/python.md).
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/pkgconfig/memremap-uninstalled.pc CONTENT
"Name: memremap
Description: ${PROJECT_DESCRIPTION} (build tree)
Version: ${PROJECT_VERSION}
Cflags: -I$<JOIN:$<TARGET_PROPERTY:memremap,INTERFACE_INCLUDE_DIRECTORIES>, -I>
Libs: -L$<TARGET_FILE_DIR:memremap> -Wl,-rpath,$<TARGET_FILE_DIR:memremap> -lmemremap
")
