#!/usr/bin/env bash
# One entry point for developers and CI on a Debian 12 machine:
#   scripts/dev.sh run [memwatchd flags...]  install what is missing, build, run memwatchd in the
#                                            foreground on 127.0.0.1:12100
#   scripts/dev.sh test                      install what is missing, build, run the whole suite
#   scripts/dev.sh deb                       install what is missing, build, write the .deb
#                                            (build/memwatch_<version>-1_<arch>.deb)
#   scripts/dev.sh docs                      install what is missing, build the generators,
#                                            write the generated docs (GENERATED_DOCS) again
# Installing needs root (apt-get); building and running do not.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${MEMWATCH_BUILD_DIR:-$ROOT/build}

PACKAGES=(
  cmake g++ make pkg-config git python3 clang-format
  prometheus-cpp-dev libsdbus-c++-dev libsdbus-c++-bin libsystemd-dev
  libspdlog-dev libfmt-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libcurl4-openssl-dev libmicrohttpd-dev libgnutls28-dev
  prometheus prometheus-node-exporter prometheus-alertmanager
  wrk  # HTTP load in tests/integration/test_http.py
  dbus python3-jeepney  # a private dbus-daemon and its client for the D-Bus tests
  systemd util-linux  # journald, journalctl; setpriv, unshare for the OOM tests
  openssl apache2-utils  # certificates and bcrypt hashes (htpasswd) for the web config tests
  dpkg-dev file lintian help2man python3-yaml  # the .deb: cpack's shlibdeps, its checks, memwatchd(8)
  mmdebstrap systemd-container  # the system test: a Debian root booted by systemd-nspawn
  chromium  # the status page test: headless Chromium renders / and dumps its DOM
  # The fuzz test (tests/fuzz): clang and its libFuzzer and sanitizer runtimes, which clang only
  # recommends (libclang_rt.fuzzer is in libclang-rt-14-dev).
  clang libclang-rt-14-dev
)

# The documents written from the code, one "PROGRAM DOCUMENT" a line: the program (a target of
# packaging/) is run with the document's path (relative to the source tree) and writes it. The
# docs tests (ctest -L docs) fail while a checked-in document differs from its program's output.
GENERATED_DOCS=(
  "memwatch_metrics_reference docs/metrics.md"
  "memwatch_configuration_reference docs/configuration.md"
)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing packages: ${missing[*]}; run as root or apt-get install them" >&2
    exit 1
  fi
  echo "dev.sh: installing ${missing[*]}"
  # Package scripts must not start the exporters and Prometheus as services on this machine.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" -eq 1 ] && rm -f "$policy"
  return 0
}

# Everything, or the targets given ("--target NAME"...).
build() {
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEMWATCH_WERROR=ON >/dev/null
  cmake --build "$BUILD" -j "$(nproc)" "$@"
}

generate_docs() {
  local entry program document targets=()
  for entry in "${GENERATED_DOCS[@]}"; do
    read -r program document <<<"$entry"
    targets+=(--target "$program")
  done
  build "${targets[@]}"
  for entry in "${GENERATED_DOCS[@]}"; do
    read -r program document <<<"$entry"
    "$BUILD/packaging/$program" "$ROOT/$document"
    echo "dev.sh: wrote $document"
  done
}

case "${1:-}" in
  run)
    shift
    install_missing
    build
    exec "$BUILD/memwatchd" --web.listen-address=127.0.0.1:12100 "$@"
    ;;
  test)
    install_missing
    build
    cd "$BUILD"
    exec ctest --output-on-failure -j "$(nproc)"
    ;;
  deb)
    install_missing
    build
    cd "$BUILD"
    cpack -G DEB
    ;;
  docs)
    install_missing
    generate_docs
    ;;
  *)
    echo "usage: $0 run [memwatchd flags...] | test | deb | docs" >&2
    exit 2
    ;;
esac
