# `cmake --install build --prefix P` installs libexprjit, its public headers and a CMake package:
#   find_package(exprjit REQUIRED)  ->  target exprjit::exprjit
include(CMakePackageConfigHelpers)

install(TARGETS exprjit EXPORT exprjitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/exprjit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(EXPORT exprjitTargets NAMESPACE exprjit:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/exprjit)

write_basic_package_version_file(${CMAKE_BINARY_DIR}/exprjitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
file(WRITE ${CMAKE_BINARY_DIR}/exprjitConfig.cmake
  "include(\${CMAKE_CURRENT_LIST_DIR}/exprjitTargets.cmake)\n")
install(FILES ${CMAKE_BINARY_DIR}/exprjitConfig.cmake ${CMAKE_BINARY_DIR}/exprjitConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/exprjit)
