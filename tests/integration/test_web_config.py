"""--web.config.file end to end, in exporter-toolkit's format: TLS with certificates made by the
openssl CLI, bcrypt basic auth with htpasswd's hashes, client certificates, TLS versions, response
headers, a real Prometheus scraping over TLS with basic auth, SIGHUP reloads (a changed password,
a broken file kept out), and a broken file at start refused with exit 2 naming file, line and key."""

import base64
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import tempfile
import unittest

import harness
import tls_material
from prometheus_server import PrometheusServer

USER = "prometheus"
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "tr0ub4dor&3"

# Relative names: the daemon takes them from the config file's directory, as exporter-toolkit.
TLS = """tls_server_config:
  cert_file: server.crt
  key_file: server.key
"""

# Every way a connection can be turned away: a TLS alert, a reset, a close before any answer.
REFUSALS = (ssl.SSLError, ConnectionError, http.client.HTTPException, socket.timeout, OSError)


def users(password_hash):
    return f"basic_auth_users:\n  {USER}: '{password_hash}'\n"


class WebConfig(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="memwatch-web-config-")
        cls.material = tls_material.Material(cls.tmp.name)
        cls.hash = tls_material.bcrypt_hash(PASSWORD)
        cls.new_hash = tls_material.bcrypt_hash(NEW_PASSWORD)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write_config(self, text, name="web.yml"):
        """Written whole and renamed into place, as an operator's editor or config management
        would, so that a reload never reads half a file."""
        path = self.material.path(name)
        with open(path + ".new", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".new", path)
        return path

    def start(self, text, name="web.yml"):
        path = self.write_config(text, name)
        daemon = harness.Daemon(f"--web.config.file={path}")
        self.addCleanup(daemon.stop)
        return daemon, path

    def context(self, client=None, max_version=None):
        context = ssl.create_default_context(cafile=self.material.path("ca.crt"))
        if client:
            context.load_cert_chain(self.material.path(f"{client}.crt"),
                                    self.material.path(f"{client}.key"))
        if max_version:
            context.maximum_version = max_version
        return context

    def get(self, daemon, auth=None, client=None, max_version=None, tls=True, path="/metrics"):
        """(status, headers, body) of one request on a fresh connection."""
        if tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", daemon.port, timeout=10, context=self.context(client, max_version))
        else:
            connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
        headers = {}
        if auth:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def status(self, daemon, auth=None, **kwargs):
        return self.get(daemon, auth, **kwargs)[0]

    def assert_refused(self, attempt, what):
        """The connection is turned away: no HTTP answer at all, let alone the metrics."""
        try:
            status, _, body = attempt()
        except REFUSALS as e:
            return e
        self.fail(f"{what}: answered {status} instead of being refused:\n{body[:300]}")

    def test_basic_auth_over_tls_401_without_or_with_wrong_credentials_200_with_right(self):
        daemon, _ = self.start(TLS + users(self.hash) + """http_server_config:
  headers:
    X-Frame-Options: deny
    X-Content-Type-Options: nosniff
    Strict-Transport-Security: max-age=31536000
""")
        status, headers, _ = self.get(daemon)
        self.assertEqual(status, 401)
        self.assertTrue(headers.get("WWW-Authenticate", "").startswith("Basic"), headers)
        self.assertEqual(self.status(daemon, (USER, "wrong")), 401)
        self.assertEqual(self.status(daemon, (USER, "")), 401)
        self.assertEqual(self.status(daemon, ("nobody", PASSWORD)), 401)
        self.assertEqual(self.status(daemon, (USER.upper(), PASSWORD)), 401)

        status, headers, body = self.get(daemon, (USER, PASSWORD))
        self.assertEqual(status, 200)
        self.assertIn("node_memory_MemTotal_bytes", body)
        self.assertEqual(headers.get("X-Frame-Options"), "deny")
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff")
        self.assertEqual(headers.get("Strict-Transport-Security"), "max-age=31536000")
        # Again: now from the remembered password, with the same answer.
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 200)
        self.assertEqual(self.status(daemon, (USER, "wrong")), 401)

    def test_plain_http_on_the_tls_port_is_refused(self):
        daemon, _ = self.start(TLS)
        self.assertEqual(self.status(daemon), 200)
        with socket.create_connection(("127.0.0.1", daemon.port), timeout=5) as s:
            s.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            try:
                while len(answer) < 1 << 16:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
            except (ConnectionError, socket.timeout):
                pass
        # Closed, or a 400 as Go's servers send: anything but the metrics.
        self.assertFalse(answer.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")), answer[:300])
        self.assertNotIn(b"node_memory", answer)
        self.assert_refused(lambda: self.get(daemon, tls=False), "plain HTTP")

    def test_basic_auth_without_tls(self):
        daemon, _ = self.start(users(self.hash))
        self.assertEqual(self.status(daemon, tls=False), 401)
        self.assertEqual(self.status(daemon, (USER, "wrong"), tls=False), 401)
        self.assertEqual(self.status(daemon, (USER, PASSWORD), tls=False), 200)

    def test_require_and_verify_client_cert(self):
        daemon, _ = self.start(TLS + """  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
""")
        self.assert_refused(lambda: self.get(daemon), "no client certificate")
        self.assert_refused(lambda: self.get(daemon, client="untrusted_client"),
                            "a self-signed client certificate")
        # Go requires ExtKeyUsage ClientAuth: a server certificate of the same CA is no client's.
        self.assert_refused(lambda: self.get(daemon, client="server_purpose_client"),
                            "a client certificate for TLS servers only")
        status, _, body = self.get(daemon, client="client")
        self.assertEqual(status, 200)
        self.assertIn("node_memory_MemTotal_bytes", body)
        # Both TLS versions check it.
        self.assert_refused(
            lambda: self.get(daemon, client="untrusted_client", max_version=ssl.TLSVersion.TLSv1_2),
            "a self-signed client certificate over TLS 1.2")
        self.assertEqual(self.status(daemon, client="client", max_version=ssl.TLSVersion.TLSv1_2),
                         200)

    def test_the_other_client_auth_types(self):
        if_given, _ = self.start(TLS + """  client_auth_type: VerifyClientCertIfGiven
  client_ca_file: ca.crt
""", name="if_given.yml")
        self.assertEqual(self.status(if_given), 200)
        self.assertEqual(self.status(if_given, client="client"), 200)
        self.assert_refused(lambda: self.get(if_given, client="untrusted_client"),
                            "VerifyClientCertIfGiven with a self-signed client certificate")

        any_cert, _ = self.start(TLS + "  client_auth_type: RequireAnyClientCert\n",
                                 name="any.yml")
        self.assert_refused(lambda: self.get(any_cert), "RequireAnyClientCert without one")
        # Any certificate at all, as Go's crypto/tls: it is not verified.
        self.assertEqual(self.status(any_cert, client="untrusted_client"), 200)

    def negotiated_version(self, daemon, max_version=None):
        with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as raw:
            with self.context(max_version=max_version).wrap_socket(
                    raw, server_hostname="127.0.0.1") as tls:
                return tls.version()

    def test_min_version(self):
        daemon, _ = self.start(TLS)
        # exporter-toolkit's default: TLS 1.2 and 1.3.
        self.assertEqual(self.negotiated_version(daemon), "TLSv1.3")
        self.assertEqual(self.negotiated_version(daemon, ssl.TLSVersion.TLSv1_2), "TLSv1.2")

        strict, _ = self.start(TLS + "  min_version: TLS13\n", name="strict.yml")
        self.assertEqual(self.negotiated_version(strict), "TLSv1.3")
        with self.assertRaises(ssl.SSLError):
            self.negotiated_version(strict, ssl.TLSVersion.TLSv1_2)
        self.assertEqual(self.status(strict), 200)

    def test_curve_preferences(self):
        daemon, _ = self.start(TLS + "  curve_preferences: [X25519]\n", name="curves.yml")

        def handshake(group):
            """openssl's summary line of a handshake offering only `group` for the key exchange
            (Python's ssl cannot choose a client's groups)."""
            result = subprocess.run(
                [harness.require_tool("openssl"), "s_client", "-connect",
                 f"127.0.0.1:{daemon.port}", "-groups", group,
                 "-CAfile", self.material.path("ca.crt")],
                input="", capture_output=True, text=True, timeout=30)
            return next((line for line in result.stdout.splitlines()
                         if line.startswith("New, ")), result.stdout + result.stderr)

        self.assertIn("Cipher is (NONE)", handshake("P-256"))
        self.assertIn("TLSv1.3", handshake("X25519"))

    def test_prometheus_scrapes_over_tls_with_basic_auth(self):
        daemon, _ = self.start(TLS + users(self.hash))
        secrets = tempfile.TemporaryDirectory(prefix="memwatch-passwords-")
        self.addCleanup(secrets.cleanup)
        jobs = []
        for name, password in (("memwatchd", PASSWORD), ("wrong_password", "wrong")):
            password_file = os.path.join(secrets.name, name)
            with open(password_file, "w", encoding="utf-8") as f:
                f.write(password)
            jobs.append({"job_name": name, "scheme": "https",
                         "tls_config": {"ca_file": self.material.path("ca.crt")},
                         "basic_auth": {"username": USER, "password_file": password_file},
                         "static_configs": [{"targets": [f"127.0.0.1:{daemon.port}"]}]})
        prometheus = PrometheusServer(jobs)
        self.addCleanup(prometheus.stop)

        def targets():
            return json.dumps(prometheus.targets())

        harness.wait_until(lambda: prometheus.values('up{job="memwatchd"}') == ["1"], timeout=60,
                           what=lambda: f"up of memwatchd to be 1; targets: {targets()}")
        harness.wait_until(lambda: prometheus.values('up{job="wrong_password"}') == ["0"],
                           timeout=60,
                           what=lambda: f"up with a wrong password to be 0; targets: {targets()}")
        self.assertIn("401", targets())
        self.assertTrue(prometheus.values('node_memory_MemTotal_bytes{job="memwatchd"}'))

    def test_sighup_applies_a_changed_password(self):
        daemon, _ = self.start(TLS + users(self.hash))
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 200)
        self.assertEqual(self.status(daemon, (USER, NEW_PASSWORD)), 401)
        self.write_config(TLS + users(self.new_hash))
        daemon.signal(signal.SIGHUP)
        harness.wait_until(lambda: self.status(daemon, (USER, NEW_PASSWORD)) == 200,
                           what="the new password to be accepted after SIGHUP")
        # The old one was remembered by the old configuration only.
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 401)

    def test_a_broken_file_at_sighup_keeps_the_old_configuration(self):
        daemon, _ = self.start(TLS + users(self.hash))
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 200)
        path = self.write_config(TLS + "  min_version: TLS9\n" + users(self.new_hash))
        daemon.signal(signal.SIGHUP)
        harness.wait_until(lambda: f"{path}:4: tls_server_config.min_version" in daemon.log(),
                           what=lambda: f"the refusal in the log:\n{daemon.log()}")
        self.assertIsNone(daemon.process.poll())
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 200)
        self.assertEqual(self.status(daemon, (USER, NEW_PASSWORD)), 401)
        self.assertEqual(self.status(daemon), 401)

        # A file naming a certificate that is not there is kept out as well.
        path = self.write_config("tls_server_config:\n  cert_file: gone.crt\n"
                                 "  key_file: server.key\n")
        daemon.signal(signal.SIGHUP)
        harness.wait_until(lambda: self.material.path("gone.crt") in daemon.log(),
                           what=lambda: f"the missing certificate in the log:\n{daemon.log()}")
        self.assertEqual(self.status(daemon, (USER, PASSWORD)), 200)

    def run_to_exit(self, path):
        return subprocess.run(
            [harness.MEMWATCHD, "--web.listen-address=127.0.0.1:0", "--no-collector.journal",
             "--dbus.bus=none", f"--web.config.file={path}"],
            capture_output=True, text=True, timeout=30)

    def test_a_broken_file_at_start_exits_2_naming_file_line_and_key(self):
        cases = (
            ("bad_hash.yml", "basic_auth_users:\n  prometheus: s3cret\n",
             ":2: basic_auth_users.prometheus"),
            ("bad_key.yml", TLS + "  client_auth: RequireAndVerifyClientCert\n",
             ":4: tls_server_config.client_auth"),
            ("bad_header.yml", "http_server_config:\n  headers:\n    Server: memwatchd\n",
             ":3: http_server_config.headers.Server"),
            ("no_key.yml", "tls_server_config:\n  cert_file: server.crt\n",
             ":2: tls_server_config.key_file"),
            ("missing_cert.yml", "tls_server_config:\n  cert_file: gone.crt\n"
                                 "  key_file: server.key\n",
             ":2: tls_server_config.cert_file"),
            ("mismatch.yml", "tls_server_config:\n  cert_file: server.crt\n"
                             "  key_file: client.key\n",
             ":3: tls_server_config.key_file"),
        )
        for name, text, where in cases:
            with self.subTest(name):
                path = self.write_config(text, name)
                result = self.run_to_exit(path)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(path + where, result.stderr)
        result = self.run_to_exit(self.material.path("absent.yml"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(self.material.path("absent.yml"), result.stderr)


if __name__ == "__main__":
    harness.main()
