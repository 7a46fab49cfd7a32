# The .deb: `cpack -G DEB` in the build directory (after the build) writes
# memwatch_<version>-<release>_<arch>.deb. What goes in it is packaging/CMakeLists.txt's install().
set(CPACK_PACKAGE_NAME "memwatch")
set(CPACK_PACKAGE_VENDOR "memwatch")
# The project's maintainers as its git history names them.
set(CPACK_PACKAGE_CONTACT "memwatch maintainers <maintainers@users.noreply.r-seed-7019c93d.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Prometheus exporter for Linux memory, OOM kills and the journal")
# Extended description lines as dpkg shows them, under 80 columns; an empty line is a paragraph.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "memwatchd serves what a host's memory is doing on HTTP /metrics (port 12100):"
  "/proc/meminfo, /proc/vmstat and pressure stall information under"
  "node_exporter's names, buddy-allocator fragmentation, every OOM kill with its"
  "victim and systemd unit, and the systemd journal's disk use and per-producer"
  "rates, with alerts on journal floods. Events also go to the journal, to a"
  "JSON API, to D-Bus signals, and optionally to Alertmanager or a command."
  ""
  "The package runs it as memwatchd.service, a hardened unit with a dynamic user.")
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# A Debian revision, so that the package is not a "native" one: its changelog is
# changelog.Debian.gz, and a rebuild of the same source can get a new revision.
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo builds carry ~50 MB of debug info

# Depends: the linked shared libraries, found by dpkg-shlibdeps, and added to these: libcurl4,
# which memwatchd opens (dlopen) only when an Alertmanager is configured
# (daemon/alerts/curl_library.h), so dpkg-shlibdeps cannot see it; and systemd-sysusers, which
# creates the system user in postinst (the alternatives dh_installsysusers names).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libcurl4, systemd | systemd-standalone-sysusers | systemd-sysusers")
# deb-systemd-helper and deb-systemd-invoke in the maintainer scripts, as debhelper requires them.
set(CPACK_DEBIAN_PACKAGE_PREDEPENDS "init-system-helpers (>= 1.54~)")
# The D-Bus service needs a system bus; without one memwatchd says so once and runs on.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dbus")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus, prometheus-alertmanager")

# The operator's edits to /etc survive upgrades (dpkg asks before replacing them); the maintainer
# scripts enable and start the unit the Debian way (packaging/debian/).
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/debian/conffiles;${CMAKE_CURRENT_LIST_DIR}/debian/postinst;\
${CMAKE_CURRENT_LIST_DIR}/debian/prerm;${CMAKE_CURRENT_LIST_DIR}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
