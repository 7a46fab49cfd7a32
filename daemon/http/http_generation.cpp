// HttpServer::Generation: the request path of one libmicrohttpd daemon, from a request's head
// to its reply: the client certificate, the method, basic auth, --web.max-requests, the reply
// built on a worker while the connection is suspended, and the response with its headers.
#include "daemon/http/http_generation.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <typeinfo>

#include "daemon/http/scope_exit.h"

namespace memwatch {
namespace {

constexpr const char* kRealmChallenge = "Basic realm=\"memwatchd\"";

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
  for (const auto& [name, value] : reply.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
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

}  // namespace memwatch
