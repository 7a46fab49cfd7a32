"""TLS and basic-auth material for a test, made with the real tools an operator would use: the
`openssl` CLI for a CA, a server certificate for 127.0.0.1 and localhost, a client certificate the
CA signed, one the CA signed for servers only, and a self-signed (untrusted) one; `htpasswd -B` for bcrypt hashes."""

import os
import subprocess

import harness

DAYS = "2"  # the material lives as long as one test run


def _run(*args, cwd):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, timeout=60)


def _key_and_request(openssl, directory, name, subject):
    _run(openssl, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=directory)


def _sign(openssl, directory, name, extensions):
    with open(os.path.join(directory, f"{name}.ext"), "w", encoding="utf-8") as f:
        f.write(extensions)
    _run(openssl, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
         "-CAcreateserial", "-days", DAYS, "-sha256", "-extfile", f"{name}.ext",
         "-out", f"{name}.crt", cwd=directory)


class Material:
    """Files in `directory`, by absolute path: ca, server and client certificates (.crt) with
    their keys (.key); untrusted_client is self-signed, so no CA here vouches for it;
    server_purpose_client is signed by the CA with extendedKeyUsage=serverAuth only."""

    def __init__(self, directory):
        openssl = harness.require_tool("openssl")
        self.directory = directory
        _run(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", DAYS,
             "-subj", "/CN=memwatch test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
        _key_and_request(openssl, directory, "server", "/CN=localhost")
        _sign(openssl, directory, "server",
              "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
              "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n")
        _key_and_request(openssl, directory, "client", "/CN=prometheus")
        _sign(openssl, directory, "client",
              "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n")
        # Signed by the client CA, but for TLS servers only: no use as a client certificate.
        _key_and_request(openssl, directory, "server_purpose_client", "/CN=prometheus")
        _sign(openssl, directory, "server_purpose_client",
              "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n")
        _run(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", "untrusted_client.key", "-out", "untrusted_client.crt",
             "-days", DAYS, "-subj", "/CN=prometheus",
             "-addext", "extendedKeyUsage=clientAuth", cwd=directory)

    def path(self, name):
        return os.path.join(self.directory, name)


def bcrypt_hash(password, cost=4):
    """A $2y$ bcrypt hash as `htpasswd -B` makes it, the way the README tells operators to;
    cost 4 (the least bcrypt allows) keeps the tests fast."""
    htpasswd = harness.require_tool("htpasswd")
    result = subprocess.run([htpasswd, "-bnBC", str(cost), "", password], check=True,
                            capture_output=True, text=True, timeout=30)
    # "user:hash" with an empty user, then a blank line.
    return result.stdout.strip().lstrip(":")
