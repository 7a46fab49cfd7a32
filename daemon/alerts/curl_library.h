#pragma once

// libcurl, opened at run time when the first Alertmanager sink is made instead of being linked.

#include <curl/curl.h>

namespace memwatch {

// Linked, libcurl would be loaded into every memwatchd with the thirty libraries it needs
// (OpenSSL, GnuTLS, Kerberos, LDAP, ...), about 5 MiB of resident memory from the start, more
// than the rest of memwatchd takes, for a feature most hosts leave off. So it is opened with
// dlopen() only once an Alertmanager is configured, and used through these pointers (which also
// skips curl's compile-time option type checks: each call in alertmanager_sink.cpp passes the
// type its option documents).
struct CurlLibrary {
  decltype(&curl_global_init) globalInit = nullptr;
  decltype(&curl_easy_strerror) easyStrerror = nullptr;
  decltype(&curl_easy_init) easyInit = nullptr;
  decltype(&curl_easy_cleanup) easyCleanup = nullptr;
  decltype(&curl_easy_setopt) easySetopt = nullptr;
  decltype(&curl_easy_perform) easyPerform = nullptr;
  decltype(&curl_easy_getinfo) easyGetinfo = nullptr;
  decltype(&curl_slist_append) slistAppend = nullptr;
  decltype(&curl_slist_free_all) slistFreeAll = nullptr;

  // libcurl.so.4, opened and curl_global_init()ed once (thread-safe); never closed. Throws
  // std::runtime_error saying why when it cannot be.
  static const CurlLibrary& get();
};

}  // namespace memwatch
