// HttpServer on libmicrohttpd (MHD): one I/O thread on epoll, requests suspended while a worker
// builds their reply, TLS through GnuTLS with Go's client_auth_type, a TLS change on SIGHUP as a
// new daemon on the same socket.
#include "daemon/http/http_server.h"

#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "daemon/http/client_cert_policy.h"

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
// connections cost at most 16 MiB, touched only as far as requests fill it.
constexpr std::size_t kConnectionMemory = 16 * 1024;

// How long a TLS change waits for the old daemon's connections that are new or in a request
// before it stops it: a slowloris client is cut then, an idle kept-alive one at once.
constexpr std::chrono::seconds kDrainTimeout{5};

constexpr const char* kRealmChallenge = "Basic realm=\"memwatchd\"";

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
// as its trust list) and is within its validity.
bool peerCertificateAcceptable(gnutls_session_t session) {
  unsigned count = 0;
  if (gnutls_certificate_get_peers(session, &count) == nullptr || count == 0) {
    return true;  // none sent: the handshake already refused that where one is required
  }
  unsigned status = 0;
  return gnutls_certificate_verify_peers2(session, &status) == GNUTLS_E_SUCCESS && status == 0;
}

}  // namespace

struct HttpServer::AccessPolicy {
  explicit AccessPolicy(const WebConfig& config)
      : users(config.basicAuthUsers), headers(config.headers) {}

  BasicAuthVerifier users;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One request, from its head to its completion; MHD keeps the pointer for us.
struct Request {
  std::shared_ptr<const HttpServer::AccessPolicy> policy = nullptr;  // one for the whole request
  std::string path = {};
  std::optional<BasicCredentials> credentials = std::nullopt;
  std::optional<HttpReply> reply = std::nullopt;  // set by the worker, then it resumes
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
  // The whole request is in: 503 beyond --web.max-requests, else the reply built on a worker.
  // Answering before this point would make MHD close the connection instead of keeping it alive.
  MHD_Result serve(MHD_Connection* connection, Request& request);
  MHD_Result respond(MHD_Connection* connection, const Request& request, HttpReply reply);
  // Hands the request to a worker: false when draining or the queue is full.
  bool dispatch(MHD_Connection* connection, Request& request);
  bool clientCertificateAccepted(MHD_Connection* connection, ConnectionState& state);

  HttpServer& server;
  const std::optional<TlsSettings> tls;  // MHD reads the PEMs from here at start
  const ClientCertPolicy clientCert;
  MHD_Daemon* daemon = nullptr;
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
  if (request.policy->users.required()) {
    char* password = nullptr;
    if (char* user = MHD_basic_auth_get_username_password(connection, &password)) {
      request.credentials = BasicCredentials{.user = user, .password = password ? password : ""};
      MHD_free(user);
    }
    if (password != nullptr) MHD_free(password);
  }
  if (!server.inFlight_.tryAcquire()) {
    return respond(connection, request, RequestHandler::tooManyRequests(server.inFlight_.limit()));
  }
  if (dispatch(connection, request)) return MHD_YES;
  // Retiring, or the pool is stopping: answered here and now.
  HttpReply reply =
      server.handler_.handle(request.path, request.credentials, request.policy->users);
  server.inFlight_.release();
  return respond(connection, request, std::move(reply));
}

bool HttpServer::Generation::dispatch(MHD_Connection* connection, Request& request) {
  std::lock_guard lock(mutex);
  if (draining) return false;
  const bool posted = server.workers_->post([this, connection, &request] {
    request.reply =
        server.handler_.handle(request.path, request.credentials, request.policy->users);
    server.inFlight_.release();
    // Under the lock dispatch() holds until the connection is suspended, so the resume cannot
    // come first. After it, MHD may complete and free the request at any moment.
    std::lock_guard lock(mutex);
    MHD_resume_connection(connection);
    --dispatched;
    changed.notify_all();
  });
  if (!posted) return false;
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
      policy_(std::make_shared<const AccessPolicy>(webConfig)),
      // A connection has at most one request in flight, so the queue never holds more than the
      // connections or the requests allowed in flight, whichever is fewer.
      workers_(std::make_unique<WorkerPool>(
          kWorkers, limits.maxRequests == 0
                        ? limits.maxConnections
                        : std::min(limits.maxRequests, limits.maxConnections))) {}

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
  // Epoll on an internal thread: thousands of idle or slow connections cost MHD a few hundred
  // bytes each and no wake-up; ITC (implied by suspend/resume) lets a worker wake it and lets it
  // stop at once.
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ERROR_LOG;
  std::vector<MHD_OptionItem> options = {
      {MHD_OPTION_LISTEN_SOCKET, socket_.fd(), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, limits_.maxConnections, nullptr},
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
    std::lock_guard lock(generation->startErrorMutex);
    return Error{.message = generation->startError.empty() ? "libmicrohttpd did not start"
                                                           : generation->startError};
  }
  generation->started = true;
  return generation;
}

void HttpServer::retire(std::unique_ptr<Generation> generation, bool waitForOpenRequests) {
  // The listening socket stays ours, open for the next daemon.
  MHD_quiesce_daemon(generation->daemon);
  {
    std::unique_lock lock(generation->mutex);
    generation->draining = true;
    // MHD must not be stopped with a connection suspended; a worker holds none for long.
    generation->changed.wait(lock, [&] { return generation->dispatched == 0; });
    if (waitForOpenRequests) {
      generation->changed.wait_for(lock, kDrainTimeout, [&] {
        return generation->openRequests == 0 && generation->newConnections == 0;
      });
    }
  }
  MHD_stop_daemon(generation->daemon);
}

HttpServer::~HttpServer() {
  if (current_) retire(std::move(current_), false);
  workers_.reset();
}

std::optional<std::string> HttpServer::applyWebConfig(const WebConfig& webConfig) {
  auto policy = std::make_shared<const AccessPolicy>(webConfig);
  if (sameTls(current_->tls, webConfig.tls)) {
    policy_.store(std::move(policy));
    return std::nullopt;
  }
  // Both daemons accept from the socket for a moment, then the old one stops accepting and
  // finishes what it has: a client connecting meanwhile is served by one or the other.
  Expected<std::unique_ptr<Generation>> next = startGeneration(webConfig.tls);
  if (!next) return "the new TLS settings do not start: " + next.error().message;
  std::unique_ptr<Generation> previous = std::move(current_);
  current_ = std::move(next).value();
  policy_.store(std::move(policy));
  retire(std::move(previous), true);
  spdlog::info("now serving {}", current_->tls ? "HTTPS" : "plain HTTP");
  return std::nullopt;
}

bool HttpServer::servesTls() const { return current_->tls.has_value(); }

}  // namespace memwatch
