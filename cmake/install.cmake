# What `cmake --install` puts in place, and how `cpack -G DEB` packs it.
# Components: lib (libmemremap.so.0), regs (libmemremap-regs.so.0), dev
# (headers, .so links, .a, pkg-config, CMake package, section 3 and 5
# pages), tool (memremap(1)).
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/memremap/config.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/memremap COMPONENT dev)

# find_package(memremap): memremap::memremap, memremap::memremap_static and
# memremap::compat (the kernel-source headers), relocatable with the prefix.
set(MR_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/memremap)
install(EXPORT memremap-targets NAMESPACE memremap:: DESTINATION ${MR_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/memremap-config.cmake.in
  ${PROJECT_BINARY_DIR}/memremap-config.cmake INSTALL_DESTINATION ${MR_CMAKE_DIR})
# 0.x keeps the SONAME 0: any 0.y is a drop-in for an older 0.x.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/memremap-config-version.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/memremap-config.cmake
              ${PROJECT_BINARY_DIR}/memremap-config-version.cmake
        DESTINATION ${MR_CMAKE_DIR} COMPONENT dev)

# Section 3: one page per topic, and a one-line .so page for every other
# function it documents so that `man readl` finds the accessors' page.
set(MR_MAN3_LINKS
  "memremap.3:memunmap mr_printk mr_version mr_memremap mr_memremap_query mr_memremap_attr mr_mapping_info mr_mapping_attr mr_errmsg mr_type_name mr_set_log mr_replace_allocator"
  "devm_memremap.3:devm_memunmap device_initialize dev_set_name get_device put_device mr_device_is_initialized mr_device_new mr_device_name mr_device_unbind mr_device_free mr_device_resources devm_add_action devm_add_action_or_reset"
  "mr_machine_open.3:mr_machine_close mr_machine_use mr_machine_current mr_machine_spec mr_machine_platform mr_machine_arch mr_machine_phys_bits mr_machine_mappings mr_machine_for_each_mapping mr_machine_for_each_direct mr_machine_fdt mr_machine_memtype"
  "memremap_io.3:readb readw readl readq writeb writew writel writeq readb_relaxed readw_relaxed readl_relaxed readq_relaxed writeb_relaxed writew_relaxed writel_relaxed writeq_relaxed ioread8 ioread16 ioread32 ioread64 iowrite8 iowrite16 iowrite32 iowrite64 memcpy_toio memcpy_fromio memset_io mr_memcpy_to_wc mr_memcpy_from_wc mr_memcpy_flushcache mr_flush_range mr_memcpy_io mr_copy_path mr_flush_path mr_wc_flush"
  "mr_memcpy_fromio_safe.3:mr_memcpy_toio_safe"
  "mr_pci_name_parse.3:mr_pci_bar_name_parse"
  "mr_pci_bar.3:mr_pci_resolve"
  "mr_pci_config_read.3:mr_pci_config_write"
  "mr_pci_bind.3:mr_pci_driver"
  "mr_machine_doctor.3:mr_mapping_doors"
  "mr_sim_model.3:mr_sim_model_register mr_sim_attach mr_sim_device_at mr_sim_device_next mr_sim_device_phys mr_sim_device_size mr_sim_device_model mr_sim_device_irq mr_sim_priv mr_sim_set_priv mr_sim_set_errmsg mr_sim_dma_read mr_sim_dma_write mr_sim_irq_raise mr_sim_replay_check mr_request_irq mr_free_irq"
  "mr_trace_start.3:mr_trace_stop mr_trace_mark mr_trace_parse_line mr_trace_read mr_trace_write mr_trace_on"
  "region_intersects.3:mr_region_intersects request_resource request_resource_conflict insert_resource insert_resource_conflict release_resource remove_resource __request_region __release_region request_mem_region release_mem_region walk_system_ram_res walk_system_ram_range mr_walk_iomem_res_desc iomem_is_exclusive mr_iomem_is_exclusive mr_iomem_parse mr_iomem_print mr_iomem_free mr_iomem_resource mr_resource_flags_for_name")
# libmemremap-regs' pages, where it is built.
if(TARGET memremap_regs)
  list(APPEND MR_MAN3_LINKS
    "mr_regs_load.3:mr_regs_new mr_regs_free mr_regs_load_text mr_regs_load_path mr_regs_load_env mr_regs_set_report mr_regs_errmsg"
    "mr_regs_lookup.3:mr_regs_resolve mr_regs_match mr_regs_block mr_regs_block_base mr_regs_set_base mr_regs_set_root mr_regs_use_machine"
    "mr_regs_encode.3:mr_regs_keep_mask mr_regs_parse_value mr_regs_field_get mr_regs_field_enum mr_regs_format mr_regs_access_name")
  # The description format: with the library's development files.
  install(FILES ${PROJECT_SOURCE_DIR}/docs/man/memremap-regs.5
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man5 COMPONENT dev)
endif()
set(MR_MAN_DIR ${PROJECT_SOURCE_DIR}/docs/man)
foreach(entry IN LISTS MR_MAN3_LINKS)
  string(REPLACE ":" ";" entry "${entry}")
  list(GET entry 0 page)
  list(GET entry 1 names)
  if(NOT EXISTS ${MR_MAN_DIR}/${page})
    continue()
  endif()
  install(FILES ${MR_MAN_DIR}/${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man3 COMPONENT dev)
  string(REPLACE " " ";" names "${names}")
  foreach(name IN LISTS names)
    file(WRITE ${PROJECT_BINARY_DIR}/man3/${name}.3 ".so man3/${page}\n")
    install(FILES ${PROJECT_BINARY_DIR}/man3/${name}.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3
            COMPONENT dev)
  endforeach()
endforeach()

# tools/memremap/CMakeLists.txt installs the tool, memremap(1) and the bash
# completion, into the "tool" component (the default set around it).
if(TARGET memremap_tool)
  # The module host (memremap module) opens drivers with dlopen().
  target_link_libraries(memremap_tool PRIVATE ${CMAKE_DL_LIBS})
  # An installed tool finds the library beside it in any prefix; in a system
  # library directory the loader does, and Debian refuses needless RPATHs.
  list(FIND CMAKE_C_IMPLICIT_LINK_DIRECTORIES "${CMAKE_INSTALL_FULL_LIBDIR}" mr_system_libdir)
  if(mr_system_libdir EQUAL -1)
    file(RELATIVE_PATH mr_bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
    set_target_properties(memremap_tool PROPERTIES INSTALL_RPATH "$ORIGIN/${mr_bin_to_lib}")
  endif()
endif()

include(${CMAKE_CURRENT_LIST_DIR}/package.cmake)
