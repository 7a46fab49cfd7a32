// CurlLibrary::get(): dlopen("libcurl.so.4"), each function looked up by name, then
// curl_global_init, all once.
#include "daemon/alerts/curl_library.h"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace memwatch {
namespace {

// libcurl's soname since 7.16 (Debian's libcurl4 package).
constexpr const char* kSoname = "libcurl.so.4";

template <typename Function>
void lookUp(void* library, const char* name, Function& function) {
  function = reinterpret_cast<Function>(dlsym(library, name));
  if (function == nullptr) {
    throw std::runtime_error(std::string(kSoname) + " has no " + name);
  }
}

CurlLibrary open() {
  void* library = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    throw std::runtime_error(std::string("cannot load ") + kSoname +
                             " (install libcurl4): " + (why != nullptr ? why : "unknown error"));
  }
  CurlLibrary curl;
  lookUp(library, "curl_global_init", curl.globalInit);
  lookUp(library, "curl_easy_strerror", curl.easyStrerror);
  lookUp(library, "curl_easy_init", curl.easyInit);
  lookUp(library, "curl_easy_cleanup", curl.easyCleanup);
  lookUp(library, "curl_easy_setopt", curl.easySetopt);
  lookUp(library, "curl_easy_perform", curl.easyPerform);
  lookUp(library, "curl_easy_getinfo", curl.easyGetinfo);
  lookUp(library, "curl_slist_append", curl.slistAppend);
  lookUp(library, "curl_slist_free_all", curl.slistFreeAll);
  // Not thread-safe: run once, here, under the static's guard, before any worker uses curl.
  if (const CURLcode result = curl.globalInit(CURL_GLOBAL_DEFAULT); result != CURLE_OK) {
    throw std::runtime_error(std::string("cannot initialise libcurl: ") +
                             curl.easyStrerror(result));
  }
  return curl;
}

}  // namespace

const CurlLibrary& CurlLibrary::get() {
  // A throw leaves it unset, so the next call tries again.
  static const CurlLibrary library = open();
  return library;
}

}  // namespace memwatch
