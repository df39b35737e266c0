# Per-file instruction sets: only the file of a path is built for it, and
# it runs only where CPUID says so (see x86_64/cpu.c).
foreach(src ${MR_ARCH_SOURCES})
  get_filename_component(name ${src} NAME)
  if(name STREQUAL "copy_sse41.c")
    set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-msse4.1")
  elseif(name STREQUAL "copy_avx2.c")
    set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-mavx2")
  elseif(name STREQUAL "copy_avx512.c")
    set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-mavx512f")
  endif()
endforeach()
