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
# memremap-regs-uninstalled.pc beside it, where libmemremap-regs is built:
# setup.py builds register names in when pkg-config finds memremap-regs.
if(TARGET memremap_regs)
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/pkgconfig/memremap-regs-uninstalled.pc CONTENT
"Name: memremap-regs
Description: Device registers by name (build tree)
Version: ${PROJECT_VERSION}
Requires: memremap
Cflags: -I${PROJECT_SOURCE_DIR}/include
Libs: -L$<TARGET_FILE_DIR:memremap_regs> -Wl,-rpath,$<TARGET_FILE_DIR:memremap_regs> -lmemremap-regs
")
endif()
