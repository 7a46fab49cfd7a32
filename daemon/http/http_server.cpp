// HttpServer on libmicrohttpd (MHD): one I/O thread on epoll, requests suspended while a worker
// builds their reply, TLS through GnuTLS with Go's client_auth_type, a TLS change on SIGHUP as a
// new daemon on the same socket.
#include "daemon/http/http_server.h"

#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <typeinfo>

#include "daemon/http/client_cert_policy.h"
#include "daemon/http/scope_exit.h"

namespace memwatch {
namespace {

// Where a request's work runs. The I/O thread only parses requests and moves bytes; the reply (a
// scrape reads a dozen /proc files, a JSON route takes locks, a first bcrypt check costs tens of
// milliseconds) is built on this many worker threads while MHD holds the connection suspended,
// and the worker resumes it with the reply. So a slow scrape, or a client that makes us check
// bcrypt hashes, delays other requests' replies at worst, never the accepting and reading of
// connections. MHD's own thread pool was the alternative: it shares connections out between
// threads that each run a loop, so one slow reply stalls every connection of its thread. Four
// leave room for an HA pair of Prometheus servers, an agent and an operator at once; an idle
// worker costs a few KiB of touched stack.
constexpr std::size_t kWorkers = 4;

// Passwords not remembered yet are checked apart: on one thread of their own (bcrypt rounds run
// one at a time anyway, see basic_auth.cpp), with at most this many waiting or running, beyond
// which such a request is answered 503 at once. So a flood of wrong passwords costs one core and
// a few requests' memory, takes no --web.max-requests slot and no worker, and a remembered
// password (every scrape after a client's first) never waits behind it. Eight leave room for
// every client of a reload's first scrapes, each paying one round.
constexpr std::size_t kPasswordCheckers = 1;
constexpr unsigned kPendingPasswordChecks = 8;

// How long a connection may stay silent: between kept-alive requests, and inside one (a client
// that opens a connection and sends nothing, or a header a byte at a time, is closed once it
// stops for this long). Prometheus keeps its connection alive from one scrape to the next, which
// is 1 m apart by default and rarely more, and Go's client keeps idle connections 5 m: two
// minutes keep its connection (no TCP or TLS handshake per scrape) while the connections of
// clients that left are freed within two minutes. --web.max-connections bounds how many can wait.
constexpr unsigned kConnectionTimeoutSeconds = 120;

// MHD's per-connection memory: the read buffer and the parsed request head. A scrape request is
// under 1 KiB (Prometheus sends six headers), so 16 KiB fits any real client with room to spare
// and bounds what a connection can hold; a larger head is answered 431 and closed. 1024
// connections cost at most 16 MiB, touched only as far as requests fill it. A reply's body is
// apart from it and lives until sent (its --web.max-requests slot is freed once it is built):
// a scrape's ~40 KiB, shrunk to its size, for each connection a client reads slowly.
constexpr std::size_t kConnectionMemory = 16 * 1024;

// Connections open at once from one client address: half of --web.max-connections, so that a
// single remote host can never take every slot and lock the Prometheus servers out, while one
// address still gets far more than a scraper needs (Prometheus keeps one connection per target)
// and a local test of a few hundred idle connections from 127.0.0.1 is held, not refused.
// libmicrohttpd accepts and closes at once a connection beyond it.
unsigned connectionsPerClientAddress(unsigned maxConnections) {
  return std::max(1u, maxConnections / 2);
}

// How long a TLS change waits for the old daemon's connections that are new or in a request
// before it stops it: a slowloris client is cut then, an idle kept-alive one at once.
constexpr std::chrono::seconds kDrainTimeout{5};

// Retiring a daemon waits for the replies its workers are building, which only a stuck scrape
// makes long: past kSlowRetirement that is logged; at shutdown it is given up after
// kShutdownWait (systemd's stop timeout is longer). At most kMaxRetirements old daemons are
// being retired at once: a further TLS change is refused until one has stopped, which bounds
// the threads and the daemons a run of SIGHUPs over a stuck scrape can leave.
constexpr std::chrono::seconds kRetireCheckInterval{1};
constexpr std::chrono::seconds kSlowRetirement{10};
constexpr std::chrono::seconds kShutdownWait{10};
constexpr std::size_t kMaxRetirements = 4;

constexpr const char* kRealmChallenge = "Basic realm=\"memwatchd\"";

// Whether `fd` is still open on the same socket as `socketFd` (same inode): MHD's failure paths
// close the descriptor it was given on some errors and not on others; closing it again blindly
// could close a descriptor another thread has just been given the same number for.
bool stillRefersTo(int fd, int socketFd) {
  struct stat copy {};
  struct stat original {};
  return fstat(fd, &copy) == 0 && fstat(socketFd, &original) == 0 &&
         copy.st_ino == original.st_ino && copy.st_dev == original.st_dev;
}

// A connection has at most one request in flight, so the queue never holds more than the
// requests allowed in flight (shared by every daemon) or the connections, whichever is fewer.
// During a TLS change the new daemon and the old ones still retiring each apply
// --web.max-connections, and an old one's tasks stay queued after it stops dispatching: sized
// for all of them, so that a full queue never sends a reply's building to the I/O thread. The
// deque grows only as far as it is filled.
std::size_t workerQueueBound(const HttpLimits& limits) {
  const std::size_t connections = std::size_t{limits.maxConnections} * (1 + kMaxRetirements);
  return limits.maxRequests == 0 ? connections
                                 : std::min<std::size_t>(limits.maxRequests, connections);
}

bool sameTls(const std::optional<TlsSettings>& a, const std::optional<TlsSettings>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->certPem == b->certPem && a->keyPem == b->keyPem && a->clientCaPem == b->clientCaPem &&
         a->clientAuth == b->clientAuth && a->gnutlsPriorities == b->gnutlsPriorities;
}

gnutls_certificate_request_t gnutlsRequest(ClientCertRequest request) {
  switch (request) {
    case ClientCertRequest::Ignore:
      return GNUTLS_CERT_IGNORE;
    case ClientCertRequest::Request:
      return GNUTLS_CERT_REQUEST;
    case ClientCertRequest::Require:
      return GNUTLS_CERT_REQUIRE;
  }
  return GNUTLS_CERT_IGNORE;
}

gnutls_session_t tlsSession(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  return info == nullptr ? nullptr : static_cast<gnutls_session_t>(info->tls_session);
}

// The client's certificate, when it sent one, chains to the client CA (MHD gave GnuTLS the CA
// as its trust list), is within its validity and may be used by a TLS client: Go's crypto/tls
// verifies with ExtKeyUsageClientAuth for VerifyClientCertIfGiven and
// RequireAndVerifyClientCert, so a server-only certificate from the same CA is refused. As in
// Go, a certificate with no extended key usage at all may be used for any purpose.
bool peerCertificateAcceptable(gnutls_session_t session) {
  unsigned count = 0;
  if (gnutls_certificate_get_peers(session, &count) == nullptr || count == 0) {
    return true;  // none sent: the handshake already refused that where one is required
  }
  gnutls_typed_vdata_st purpose{};
  purpose.type = GNUTLS_DT_KEY_PURPOSE_OID;
  purpose.data = reinterpret_cast<unsigned char*>(const_cast<char*>(GNUTLS_KP_TLS_WWW_CLIENT));
  unsigned status = 0;
  return gnutls_certificate_verify_peers(session, &purpose, 1, &status) == GNUTLS_E_SUCCESS &&
         status == 0;
}

}  // namespace

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

MHD_Result HttpServer::Generation::onRequest(void* self, MHD_Connection* connection,
                                             const char* url, const char* method, const char*,
                                             const char*, std::size_t* uploadDataSize,
                                             void** requestState) {
  auto* generation = static_cast<Generation*>(self);
  auto* request = static_cast<Request*>(*requestState);
  if (request == nullptr) return generation->begin(connection, url, method, requestState);
  if (*uploadDataSize != 0) {
    *uploadDataSize = 0;  // a GET with a body: the body means nothing here
    return MHD_YES;
  }
  if (request->reply) return generation->respond(connection, *request, std::move(*request->reply));
  if (request->handedToWorker) return MHD_NO;  // no reply could be built: the connection closes
  return generation->serve(connection, *request);
}

MHD_Result HttpServer::Generation::begin(MHD_Connection* connection, const char* url,
                                         const char* method, void** requestState) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  auto* state = info == nullptr ? nullptr : static_cast<ConnectionState*>(info->socket_context);
  if (state == nullptr) return MHD_NO;  // not reached: onConnection gave every connection one
  if (clientCert.verify && !clientCertificateAccepted(connection, *state)) return MHD_NO;
  auto* request = new Request{.policy = server.policy_.load()};
  *requestState = request;
  {
    std::lock_guard lock(mutex);
    ++openRequests;
    if (!state->askedSomething) --newConnections;
    state->askedSomething = true;
  }
  const std::string_view verb(method);
  if (verb != MHD_HTTP_METHOD_GET && verb != MHD_HTTP_METHOD_HEAD) {
    return respond(connection, *request, RequestHandler::methodNotAllowed());
  }
  request->path = url;
  return MHD_YES;
}

MHD_Result HttpServer::Generation::serve(MHD_Connection* connection, Request& request) {
  const BasicAuthVerifier& users = *request.policy->users;
  if (users.required()) {
    char* password = nullptr;
    if (char* user = MHD_basic_auth_get_username_password(connection, &password)) {
      request.credentials = BasicCredentials{.user = user, .password = password ? password : ""};
      MHD_free(user);
    }
    if (password != nullptr) MHD_free(password);
    // Checked here, before a --web.max-requests slot or a worker is taken (node_exporter too
    // checks auth before its in-flight limit): clients without the password cannot crowd out
    // the scrapes of those with it. Only a password never seen before costs a bcrypt round.
    if (!request.credentials) return respond(connection, request, RequestHandler::unauthorized());
    if (!users.remembers(request.credentials->user, request.credentials->password)) {
      return checkPassword(connection, request);
    }
  }
  return build(connection, request);
}

MHD_Result HttpServer::Generation::build(MHD_Connection* connection, Request& request) {
  if (!server.inFlight_.tryAcquire()) {
    return respond(connection, request, RequestHandler::tooManyRequests(server.inFlight_.limit()));
  }
  auto work = [this, &request] {
    ScopeExit releaseSlot([this] { server.inFlight_.release(); });
    request.reply = guarded(request, [&] { return server.handler_.route(request.path); });
  };
  if (dispatch(connection, request, *server.workers_, work)) return MHD_YES;
  work();  // retiring, or the pool is stopping: answered here and now
  if (!request.reply) return MHD_NO;
  return respond(connection, request, std::move(*request.reply));
}

MHD_Result HttpServer::Generation::checkPassword(MHD_Connection* connection, Request& request) {
  if (!server.passwordChecks_.tryAcquire()) {
    return respond(connection, request, RequestHandler::tooManyPasswordChecks());
  }
  auto work = [this, &request] {
    ScopeExit releaseCheck([this] { server.passwordChecks_.release(); });
    request.reply = guarded(request, [&] {
      const BasicCredentials& credentials = *request.credentials;
      if (!request.policy->users->verify(credentials.user, credentials.password)) {
        return RequestHandler::unauthorized();
      }
      // Right, and remembered from now on: this once, the reply is built here rather than
      // queued again for a worker.
      if (!server.inFlight_.tryAcquire()) {
        return RequestHandler::tooManyRequests(server.inFlight_.limit());
      }
      ScopeExit releaseSlot([this] { server.inFlight_.release(); });
      return server.handler_.route(request.path);
    });
  };
  if (dispatch(connection, request, *server.passwordCheckers_, work)) return MHD_YES;
  work();  // retiring, or the pool is stopping: answered here and now
  if (!request.reply) return MHD_NO;
  return respond(connection, request, std::move(*request.reply));
}

HttpReply HttpServer::Generation::guarded(const Request& request,
                                          const std::function<HttpReply()>& reply) {
  try {
    return reply();
  } catch (const std::exception& e) {
    if (server.replyFailures_.firstOf(typeid(e).name())) {
      spdlog::error("the reply to {} failed, answered 500 (logged once per kind): {}", request.path,
                    e.what());
    }
  } catch (...) {
    if (server.replyFailures_.firstOf("unknown")) {
      spdlog::error("the reply to {} failed with an unknown exception, answered 500", request.path);
    }
  }
  return RequestHandler::internalError();
}

bool HttpServer::Generation::dispatch(MHD_Connection* connection, Request& request,
                                      WorkerPool& pool, std::function<void()> work) {
  std::lock_guard lock(mutex);
  if (draining) return false;
  const bool posted = pool.post([this, connection, work = std::move(work)] {
    // Whatever the work does, the connection is resumed: one left suspended would keep
    // MHD_stop_daemon (and so shutdown) waiting for ever.
    ScopeExit resume([this, connection] {
      // Under the lock dispatch() holds until the connection is suspended, so the resume cannot
      // come first. After it, MHD may complete and free the request at any moment.
      std::lock_guard lock(mutex);
      MHD_resume_connection(connection);
      --dispatched;
      changed.notify_all();
    });
    work();
  });
  if (!posted) return false;
  request.handedToWorker = true;
  MHD_suspend_connection(connection);  // MHD reads nothing more from it until the reply is there
  ++dispatched;
  return true;
}

MHD_Result HttpServer::Generation::respond(MHD_Connection* connection, const Request& request,
                                           HttpReply reply) {
  // The body is handed to MHD as it is, without a copy; MHD sends it with the head in one
  // writev (and sets TCP_NODELAY / corks itself), so a kept-alive client never waits for a
  // delayed ACK before the last segment.
  auto* body = new std::string(std::move(reply.body));
  MHD_Response* response = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), [](void* owned) { delete static_cast<std::string*>(owned); },
      body);
  if (response == nullptr) {
    delete body;
    return MHD_NO;
  }
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.contentType.c_str());
  MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (reply.status == MHD_HTTP_METHOD_NOT_ALLOWED) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  }
  if (reply.askForCredentials) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_WWW_AUTHENTICATE, kRealmChallenge);
  }
  for (const auto& [name, value] : request.policy->headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result queued = MHD_queue_response(connection, reply.status, response);
  MHD_destroy_response(response);
  return queued;
}

void HttpServer::Generation::onCompleted(void* self, MHD_Connection*, void** requestState,
                                         MHD_RequestTerminationCode) {
  auto* request = static_cast<Request*>(*requestState);
  if (request == nullptr) return;
  delete request;
  *requestState = nullptr;
  auto* generation = static_cast<Generation*>(self);
  std::lock_guard lock(generation->mutex);
  --generation->openRequests;
  generation->changed.notify_all();
}

// Go's crypto/tls asks for a client certificate only where client_auth_type says so; MHD, given
// a trust list, always asks without requiring. The session exists once MHD has accepted the
// connection, before the handshake, so the request is set here.
void HttpServer::Generation::onConnection(void* self, MHD_Connection* connection,
                                          void** socketContext,
                                          MHD_ConnectionNotificationCode code) {
  auto* generation = static_cast<Generation*>(self);
  if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    auto* state = static_cast<ConnectionState*>(*socketContext);
    if (state == nullptr) return;
    {
      std::lock_guard lock(generation->mutex);
      if (!state->askedSomething) --generation->newConnections;
      generation->changed.notify_all();
    }
    delete state;
    *socketContext = nullptr;
    return;
  }
  {
    std::lock_guard lock(generation->mutex);
    ++generation->newConnections;
  }
  *socketContext = new ConnectionState;
  if (!generation->tls) return;
  if (gnutls_session_t session = tlsSession(connection)) {
    gnutls_certificate_server_set_request(session, gnutlsRequest(generation->clientCert.request));
  }
}

// Once per connection, at its first request: the handshake is over by then.
bool HttpServer::Generation::clientCertificateAccepted(MHD_Connection* connection,
                                                       ConnectionState& state) {
  if (state.certificateVerified) return true;
  gnutls_session_t session = tlsSession(connection);
  if (session == nullptr || !peerCertificateAcceptable(session)) {
    spdlog::debug("refused a TLS client whose certificate does not verify against client_ca");
    return false;
  }
  state.certificateVerified = true;
  return true;
}

void HttpServer::Generation::onLog(void* self, const char* format, va_list arguments) {
  char message[512];
  std::vsnprintf(message, sizeof message, format, arguments);
  std::string_view text(message);
  while (text.ends_with('\n')) text.remove_suffix(1);
  auto* generation = static_cast<Generation*>(self);
  if (!generation->started) {
    std::lock_guard lock(generation->startErrorMutex);
    if (generation->startError.empty()) generation->startError = text;
  }
  spdlog::debug("libmicrohttpd: {}", text);
}

HttpServer::HttpServer(ListeningSocket socket, HttpLimits limits, RequestHandler handler,
                       const WebConfig& webConfig)
    : socket_(std::move(socket)),
      limits_(limits),
      handler_(std::move(handler)),
      inFlight_(limits.maxRequests),
      policy_(std::make_shared<const AccessPolicy>(webConfig, nullptr)),
      workers_(std::make_unique<WorkerPool>(kWorkers, workerQueueBound(limits))),
      passwordChecks_(kPendingPasswordChecks),
      passwordCheckers_(std::make_unique<WorkerPool>(kPasswordCheckers, kPendingPasswordChecks)) {}

Expected<std::unique_ptr<HttpServer>> HttpServer::start(
    const ListenAddress& address, HttpLimits limits, const WebConfig& webConfig,
    const std::string& telemetryPath, std::shared_ptr<const prometheus::Collectable> metrics,
    std::vector<JsonRoute> routes) {
  Expected<ListeningSocket> socket = ListeningSocket::open(address);
  if (!socket) return socket.error();
  std::unique_ptr<HttpServer> server;
  try {
    server.reset(new HttpServer(
        std::move(socket).value(), limits,
        RequestHandler(telemetryPath, std::move(metrics), std::move(routes)), webConfig));
  } catch (const std::system_error& e) {  // a worker thread that cannot start
    return Error{.message = "cannot serve on " + address.text() + ": " + e.what()};
  }
  Expected<std::unique_ptr<Generation>> generation = server->startGeneration(webConfig.tls);
  if (!generation) {
    return Error{.message =
                     "cannot serve on " + address.text() + ": " + generation.error().message};
  }
  server->current_ = std::move(generation).value();
  return server;
}

Expected<std::unique_ptr<HttpServer::Generation>> HttpServer::startGeneration(
    const std::optional<TlsSettings>& tls) {
  auto generation = std::make_unique<Generation>(*this, tls);
  generation->listenFd = fcntl(socket_.fd(), F_DUPFD_CLOEXEC, 0);
  if (generation->listenFd < 0) {
    return Error{.message = std::string("cannot copy the listening socket: ") + strerror(errno)};
  }
  // Epoll on an internal thread: thousands of idle or slow connections cost MHD a few hundred
  // bytes each and no wake-up; ITC (implied by suspend/resume) lets a worker wake it and lets it
  // stop at once.
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ERROR_LOG;
  std::vector<MHD_OptionItem> options = {
      {MHD_OPTION_LISTEN_SOCKET, generation->listenFd, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, limits_.maxConnections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, connectionsPerClientAddress(limits_.maxConnections),
       nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory, nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, kConnectionTimeoutSeconds, nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Generation::onCompleted),
       generation.get()},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Generation::onConnection),
       generation.get()},
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&Generation::onLog),
       generation.get()},
  };
  if (generation->tls) {
    const TlsSettings& settings = *generation->tls;
    flags |= MHD_USE_TLS;
    options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(settings.certPem.c_str())});
    options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(settings.keyPem.c_str())});
    if (!settings.gnutlsPriorities.empty()) {
      options.push_back(
          {MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>(settings.gnutlsPriorities.c_str())});
    }
    if (!settings.clientCaPem.empty()) {
      options.push_back(
          {MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char*>(settings.clientCaPem.c_str())});
    }
  }
  options.push_back({MHD_OPTION_END, 0, nullptr});
  generation->daemon =
      MHD_start_daemon(flags, 0, nullptr, nullptr, &Generation::onRequest, generation.get(),
                       MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
  if (generation->daemon == nullptr) {
    if (stillRefersTo(generation->listenFd, socket_.fd())) close(generation->listenFd);
    std::lock_guard lock(generation->startErrorMutex);
    return Error{.message = generation->startError.empty() ? "libmicrohttpd did not start"
                                                           : generation->startError};
  }
  generation->started = true;
  return generation;
}

void HttpServer::retire(std::unique_ptr<Generation> generation, bool waitForOpenRequests) {
  // MHD stops accepting and hands its copy of the listening socket back, which is ours to close
  // once it has stopped. Should it fail, it keeps accepting until it stops and closes the copy
  // itself; the shared socket stays open for the next daemon either way.
  const MHD_socket quiesced = MHD_quiesce_daemon(generation->daemon);
  if (quiesced == MHD_INVALID_SOCKET) {
    spdlog::warn(
        "libmicrohttpd did not stop accepting before its stop; a connection it accepts "
        "meanwhile may be closed unanswered");
  }
  {
    std::unique_lock lock(generation->mutex);
    generation->draining = true;
    // MHD must not be stopped with a connection suspended: wait for the replies being built.
    // A scrape stuck for ever (a hung /proc read) is logged; at shutdown it is given up on.
    const auto begin = std::chrono::steady_clock::now();
    bool warned = false;
    while (!generation->changed.wait_for(lock, kRetireCheckInterval,
                                         [&] { return generation->dispatched == 0; })) {
      const auto waited = std::chrono::steady_clock::now() - begin;
      if (!warned && waited >= kSlowRetirement) {
        spdlog::warn("stopping the previous HTTP daemon waits for {} replies still being built",
                     generation->dispatched);
        warned = true;
      }
      if (shuttingDown_.load() && std::chrono::steady_clock::now() >= shutdownDeadline_) {
        spdlog::error(
            "exiting with {} HTTP replies still being built after {} s; their daemon is left "
            "running",
            generation->dispatched, kShutdownWait.count());
        lock.unlock();
        leftRunning_ = true;
        (void)generation.release();  // stopping it now would free connections still in use
        return;
      }
    }
    if (waitForOpenRequests) {
      generation->changed.wait_for(lock, kDrainTimeout, [&] {
        return generation->openRequests == 0 && generation->newConnections == 0;
      });
    }
  }
  MHD_stop_daemon(generation->daemon);
  if (quiesced != MHD_INVALID_SOCKET) close(quiesced);
}

HttpServer::~HttpServer() {
  shutdownDeadline_ = std::chrono::steady_clock::now() + kShutdownWait;
  shuttingDown_ = true;
  if (current_) retire(std::move(current_), false);
  for (Retirement& retirement : retiring_) retirement.thread.join();
  if (leftRunning_) {
    // A worker is still in a reply: joining it would hang the exit. The process is ending.
    (void)workers_.release();
    (void)passwordCheckers_.release();
    return;
  }
  workers_.reset();
  passwordCheckers_.reset();
}

std::optional<std::string> HttpServer::applyWebConfig(const WebConfig& webConfig) {
  auto policy = std::make_shared<const AccessPolicy>(webConfig, policy_.load().get());
  if (sameTls(current_->tls, webConfig.tls)) {
    policy_.store(std::move(policy));
    return std::nullopt;
  }
  std::erase_if(retiring_, [](Retirement& retirement) {
    if (!retirement.done->load()) return false;
    retirement.thread.join();
    return true;
  });
  if (retiring_.size() >= kMaxRetirements) {
    return "the previous TLS changes still wait for replies being built; try again later";
  }
  // Both daemons accept from the socket for a moment, then the old one stops accepting and
  // finishes what it has: a client connecting meanwhile is served by one or the other.
  Expected<std::unique_ptr<Generation>> next = startGeneration(webConfig.tls);
  if (!next) return "the new TLS settings do not start: " + next.error().message;
  std::unique_ptr<Generation> previous = std::move(current_);
  current_ = std::move(next).value();
  policy_.store(std::move(policy));
  // Off the caller's thread (the event loop, which must keep its watchdog pings going): the old
  // daemon's replies may take as long as a scrape does.
  auto done = std::make_shared<std::atomic<bool>>(false);
  retiring_.reserve(retiring_.size() + 1);  // no allocation failure once the thread runs
  Generation* old = previous.release();     // owned by the thread, or retired here if none
  try {
    retiring_.push_back(Retirement{.thread = std::thread([this, done, old] {
                                     retire(std::unique_ptr<Generation>(old), true);
                                     done->store(true);
                                   }),
                                   .done = done});
  } catch (const std::system_error& e) {
    spdlog::warn("no thread to stop the previous HTTP daemon apart ({}): stopping it here",
                 e.what());
    retire(std::unique_ptr<Generation>(old), true);
  }
  spdlog::info("now serving {}", current_->tls ? "HTTPS" : "plain HTTP");
  return std::nullopt;
}

bool HttpServer::servesTls() const { return current_->tls.has_value(); }

}  // namespace memwatch
