#pragma once

// The insides of HttpServer shared by its two files: the access policy, a request's and a
// connection's state, and Generation, one libmicrohttpd daemon with the request path it serves
// (http_generation.cpp); HttpServer's own file starts, replaces and retires generations.

#include <microhttpd.h>

#include <atomic>
#include <condition_variable>
#include <cstdarg>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/http/basic_auth.h"
#include "daemon/http/client_cert_policy.h"
#include "daemon/http/http_server.h"

namespace memwatch {

struct HttpServer::AccessPolicy {
  // Keeps `previous`'s verifier when the users and hashes are the same: a SIGHUP that changes
  // only headers or TLS must not forget the verified passwords, or every client's next scrape
  // pays a bcrypt round again.
  AccessPolicy(const WebConfig& config, const AccessPolicy* previous)
      : users(previous != nullptr && previous->users->configuredWith(config.basicAuthUsers)
                  ? previous->users
                  : std::make_shared<const BasicAuthVerifier>(config.basicAuthUsers)),
        headers(config.headers) {}

  std::shared_ptr<const BasicAuthVerifier> users;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One request, from its head to its completion; MHD keeps the pointer for us.
struct Request {
  std::shared_ptr<const HttpServer::AccessPolicy> policy = nullptr;  // one for the whole request
  std::string path = {};
  std::optional<BasicCredentials> credentials = std::nullopt;
  std::optional<HttpReply> reply = std::nullopt;  // set by the worker, then it resumes
  // A worker had it: resumed without a reply, it failed even to build a 500 (out of memory).
  bool handedToWorker = false;
};

// What a connection carries from one request to the next (MHD's socket context).
struct ConnectionState {
  bool askedSomething = false;  // a request has begun on it
  bool certificateVerified = false;
};

struct HttpServer::Generation {
  Generation(HttpServer& server, std::optional<TlsSettings> tls)
      : server(server),
        tls(std::move(tls)),
        clientCert(this->tls ? clientCertPolicy(this->tls->clientAuth) : ClientCertPolicy{}) {}

  static MHD_Result onRequest(void* self, MHD_Connection* connection, const char* url,
                              const char* method, const char* version, const char* uploadData,
                              std::size_t* uploadDataSize, void** requestState);
  static void onCompleted(void* self, MHD_Connection* connection, void** requestState,
                          MHD_RequestTerminationCode code);
  static void onConnection(void* self, MHD_Connection* connection, void** socketContext,
                           MHD_ConnectionNotificationCode code);
  static void onLog(void* self, const char* format, va_list arguments);

  // The request's head is in: the client certificate checked, a method other than GET or HEAD
  // answered 405 (without reading its body, so the connection closes after).
  MHD_Result begin(MHD_Connection* connection, const char* url, const char* method,
                   void** requestState);
  // The whole request is in: 401 without credentials, a password not remembered to
  // checkPassword(), else build(). Answering before this point would make MHD close the
  // connection instead of keeping it alive.
  MHD_Result serve(MHD_Connection* connection, Request& request);
  // 503 beyond --web.max-requests, else the reply built on a worker.
  MHD_Result build(MHD_Connection* connection, Request& request);
  // A bcrypt round on the password checker, then the reply; 503 beyond kPendingPasswordChecks.
  MHD_Result checkPassword(MHD_Connection* connection, Request& request);
  MHD_Result respond(MHD_Connection* connection, const Request& request, HttpReply reply);
  // `reply()`, or 500 when it throws: an exception must neither end a worker thread
  // (std::terminate) nor unwind through libmicrohttpd's C frames on the I/O thread.
  HttpReply guarded(const Request& request, const std::function<HttpReply()>& reply);
  // Runs `work` on `pool` while MHD holds the connection suspended: false, without running it,
  // when draining or the pool's queue is full.
  bool dispatch(MHD_Connection* connection, Request& request, WorkerPool& pool,
                std::function<void()> work);
  bool clientCertificateAccepted(MHD_Connection* connection, ConnectionState& state);

  HttpServer& server;
  const std::optional<TlsSettings> tls;  // MHD reads the PEMs from here at start
  const ClientCertPolicy clientCert;
  MHD_Daemon* daemon = nullptr;
  // This daemon's own copy of the listening socket: MHD closes the descriptor it is given on
  // some of its start failures and at its stop (unless quiesced), so handing it the shared one
  // would close the socket every generation listens on.
  int listenFd = -1;
  std::atomic<bool> started = false;
  std::mutex startErrorMutex;
  std::string startError;  // MHD's first message while starting: why it did not

  std::mutex mutex;
  std::condition_variable changed;
  std::size_t dispatched = 0;    // handed to a worker, not yet resumed
  std::size_t openRequests = 0;  // begun, not yet completed
  // Accepted, no request begun yet: in the TLS handshake or sending their first request. A
  // retiring daemon waits for them as for open requests: stopped, it would close them unanswered.
  std::size_t newConnections = 0;
  // Retiring: requests still arriving on its kept-alive connections are answered on the I/O
  // thread itself, so that `dispatched` only falls.
  bool draining = false;
};

}  // namespace memwatch
