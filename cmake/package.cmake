# `cpack -G DEB`: the Debian packages, as a distribution would split them.
#   libmemremap0     the shared library (libc alone)
#   libmemremap-compat0  the driver core and device-tree platform bus of the
#                    kernel-source headers (libfdt)
#   libmemremap-regs0  register descriptions by name (libyaml, libxml2)
#   libmemremap-trap0  the emulator of trapped accesses to device models
#                    (Capstone), opened with dlopen
#   libmemremap-dev  headers (the kernel-source ones too), libmemremap.so,
#                    libmemremap-regs.so, .a, .pc files, the CMake package,
#                    section 3 and 5 pages
#   memremap         the tool and memremap(1)
#   python3-memremap `import memremap` (when python3-dev was there to build it)
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for a package (scripts/package).
set(CPACK_PACKAGE_NAME memremap)
set(CPACK_PACKAGE_VENDOR "libmemremap")
set(CPACK_PACKAGE_CONTACT "libmemremap maintainers <maintainers@libmemremap.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
# The install rules run with the package's prefix and a staging DESTDIR, so
# that the .pc files name /usr and not the staging directory.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL lib compat dev tool)
if(TARGET memremap_regs)
  set(CPACK_COMPONENTS_ALL lib compat regs dev tool)
endif()
if(TARGET memremap_trap)
  list(APPEND CPACK_COMPONENTS_ALL trap)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
# shlibs for libmemremap0 (and ldconfig in its postinst/postrm); needs file
# and readelf. The Depends are written by hand: dpkg-shlibdeps cannot see a
# library that is only in the package being built.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(mr_deb_version "${PROJECT_VERSION}")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libmemremap0)
# libmemremap.so.0 needs libc alone.
set(CPACK_DEBIAN_LIB_PACKAGE_DEPENDS "libc6 (>= 2.34)")
# Each package's description: the project's summary, then these lines.
set(CPACK_COMPONENT_LIB_DESCRIPTION
  "The shared library: map physical address ranges with the right cache\ntype, refuse what the kernel refuses, tie mappings to devices, and do it\nall on this computer or on a simulated machine.")

# libmemremap-compat.so.0 (the driver core, device trees) needs libfdt1.
set(CPACK_DEBIAN_COMPAT_PACKAGE_NAME libmemremap-compat0)
set(CPACK_DEBIAN_COMPAT_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_COMPAT_PACKAGE_DEPENDS
    "libmemremap0 (= ${mr_deb_version}), libfdt1 (>= 1.6), libc6 (>= 2.34)")
set(CPACK_COMPONENT_COMPAT_DESCRIPTION
  "The driver core and device-tree platform bus that kernel driver code\nbuilt against the compatibility headers (<linux/io.h>, <linux/device.h>,\n<linux/of.h>, ...) runs on, in user space.")

# The regs library's runtime needs are Debian's libyaml and libxml2.
set(CPACK_DEBIAN_REGS_PACKAGE_NAME libmemremap-regs0)
set(CPACK_DEBIAN_REGS_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_REGS_PACKAGE_DEPENDS
    "libmemremap0 (= ${mr_deb_version}), libyaml-0-2, libxml2 (>= 2.9), libc6 (>= 2.34)")
set(CPACK_COMPONENT_REGS_DESCRIPTION
  "Device registers by name: register descriptions in a YAML format written\nby hand, CMSIS-SVD or IP-XACT; names to addresses (PCI BARs included),\nfields decoded, one field written by a careful read-modify-write.")

# The instruction emulator behind device models' trapped ranges: Capstone's.
set(CPACK_DEBIAN_TRAP_PACKAGE_NAME libmemremap-trap0)
set(CPACK_DEBIAN_TRAP_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_TRAP_PACKAGE_DEPENDS
    "libmemremap0 (= ${mr_deb_version}), libcapstone4, libc6 (>= 2.34)")
# The tool's device models work out of the box where the package is there.
if(TARGET memremap_trap)
  set(CPACK_DEBIAN_TOOL_PACKAGE_RECOMMENDS libmemremap-trap0)
endif()
# `memremap module` runs driver code built against the kernel-source
# headers, which needs libmemremap-compat0 (libmemremap-dev brings it).
set(CPACK_DEBIAN_TOOL_PACKAGE_SUGGESTS libmemremap-compat0)
set(CPACK_COMPONENT_TRAP_DESCRIPTION
  "Device models of the simulated machine: the emulator of the loads and\nstores that fault on a modeled range (x86-64, arm64), which libmemremap\nopens when a model is first mapped.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libmemremap-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libmemremap0 (= ${mr_deb_version}), libmemremap-compat0 (= ${mr_deb_version})")
if(TARGET memremap_regs)
  set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
      "libmemremap0 (= ${mr_deb_version}), libmemremap-compat0 (= ${mr_deb_version}), libmemremap-regs0 (= ${mr_deb_version}), libyaml-dev, libxml2-dev")
endif()
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "Development files: headers, the static library, pkg-config and CMake\npackages, section 3 manual pages, and the <linux/io.h>-style headers\nthat build kernel driver code unchanged in user space.")

set(CPACK_DEBIAN_TOOL_PACKAGE_NAME memremap)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS "libmemremap0 (= ${mr_deb_version}), libc6 (>= 2.34)")
# The tool takes register names through libmemremap-regs, where it is built.
if(TARGET memremap_regs)
  set(CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS
      "libmemremap0 (= ${mr_deb_version}), libmemremap-regs0 (= ${mr_deb_version}), libc6 (>= 2.34)")
endif()
set(CPACK_COMPONENT_TOOL_DESCRIPTION
  "The memremap command-line tool: map, read and write physical ranges on\nthis computer or a simulated machine, and run driver code built against\nthe kernel-source headers (memremap module).")

if(TARGET mrpy_ext)
  list(APPEND CPACK_COMPONENTS_ALL python)
  # As dh_python3 writes them: the Python of the build, and no other.
  string(REPLACE "." ";" mr_pyv "${MR_PYTHON_VERSION}")
  list(GET mr_pyv 1 mr_pyminor)
  math(EXPR mr_pynext "${mr_pyminor} + 1")
  set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME python3-memremap)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS
      "libmemremap0 (= ${mr_deb_version}), python3 (>= ${MR_PYTHON_VERSION}~), python3 (<< 3.${mr_pynext}), libc6 (>= 2.34)")
  # Register names (m.read("edu.STATUS:IRQ")) through libmemremap-regs, where it is built.
  if(TARGET memremap_regs)
    set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS
        "libmemremap0 (= ${mr_deb_version}), libmemremap-regs0 (= ${mr_deb_version}), python3 (>= ${MR_PYTHON_VERSION}~), python3 (<< 3.${mr_pynext}), libc6 (>= 2.34)")
  endif()
  set(CPACK_COMPONENT_PYTHON_DESCRIPTION
    "The Python package: import memremap. Machines, mappings with width-exact\nregister accessors and the buffer protocol, registers by name from\ndescription files, device-managed mappings, and memremap.MMIO, a drop-in\nfor python-periphery's MMIO.")
  # Byte-compile on install and clean up on removal, as Debian's python3-* do.
  set(mr_pydir ${CMAKE_INSTALL_PREFIX}/${MR_PYTHON_INSTALL_DIR}/memremap)
  file(WRITE ${PROJECT_BINARY_DIR}/debian-python/postinst
"#!/bin/sh
set -e
if [ \"$1\" = configure ] && command -v py3compile >/dev/null 2>&1; then
	py3compile -p python3-memremap
fi
")
  file(WRITE ${PROJECT_BINARY_DIR}/debian-python/prerm
"#!/bin/sh
set -e
if command -v py3clean >/dev/null 2>&1; then
	py3clean -p python3-memremap
else
	rm -rf '${mr_pydir}/__pycache__'
fi
")
  file(CHMOD ${PROJECT_BINARY_DIR}/debian-python/postinst ${PROJECT_BINARY_DIR}/debian-python/prerm
       PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                   WORLD_READ WORLD_EXECUTE)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_CONTROL_EXTRA
      ${PROJECT_BINARY_DIR}/debian-python/postinst ${PROJECT_BINARY_DIR}/debian-python/prerm)
endif()

include(CPack)
