# A .deb of the daemon, its unit and example configuration: cpack -G DEB in the build directory.
set(CPACK_PACKAGE_NAME "memwatch")
set(CPACK_PACKAGE_VENDOR "memwatch")
set(CPACK_PACKAGE_CONTACT "memwatch maintainers <memwatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Prometheus exporter for Linux memory, OOM kills and the journal")
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo builds carry ~50 MB of debug info
# The operator's edits to the configuration survive upgrades (dpkg asks before replacing it).
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_CURRENT_LIST_DIR}/conffiles")
include(CPack)
