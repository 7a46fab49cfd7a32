"""A private D-Bus system bus for a test: the real dbus-daemon, started by the test on a socket
of its own with tests/integration/dbus/system-bus.conf (Debian's system policy plus memwatch's
policy file from packaging/), and jeepney (Debian's python3-jeepney) as the tests' client."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

import harness

CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dbus", "system-bus.conf")
# Debian's python3-jeepney, for an interpreter that is not Debian's own.
sys.path.append("/usr/lib/python3/dist-packages")

try:
    from jeepney import DBusAddress, HeaderFields, MatchRule, message_bus, new_method_call, \
        new_signal
    from jeepney.io.blocking import Proxy, open_dbus_connection
except ImportError:  # pragma: no cover - reported by require_jeepney()
    open_dbus_connection = None

MEMWATCH = DBusAddress("/org/memwatch/Memwatch1", bus_name="org.memwatch.Memwatch1",
                       interface="org.memwatch.Memwatch1")


def require_jeepney():
    if open_dbus_connection is not None:
        return
    message = "python3-jeepney is not installed (apt-get install python3-jeepney)"
    if harness.IN_CI:
        raise AssertionError(message + "; under CI=true this is a failure, not a skip")
    raise unittest.SkipTest(message)


class PrivateBus:
    def __init__(self):
        harness.require_tool("dbus-daemon")
        require_jeepney()
        self.dir = tempfile.TemporaryDirectory(prefix="memwatch-bus-")
        os.chmod(self.dir.name, 0o755)  # other users are clients too: the policy decides
        self.address = f"unix:path={self.dir.name}/system_bus_socket"
        self.process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={CONFIG}", f"--address={self.address}", "--nofork",
             "--nopidfile"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not os.path.exists(f"{self.dir.name}/system_bus_socket"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError("dbus-daemon did not start: "
                                     f"{self.process.stderr.read().decode(errors='replace')}")
            time.sleep(0.02)

    def env_prefix(self):
        """A command prefix that points a program's system bus at this one."""
        return ("env", f"DBUS_SYSTEM_BUS_ADDRESS={self.address}")

    def connect(self):
        return open_dbus_connection(bus=self.address)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process.stderr.close()
        self.dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class SignalListener:
    """A connection that collects the signals of one match rule, from the moment it exists."""

    def __init__(self, bus, **rule):
        self.connection = bus.connect()
        self.rule = MatchRule(type="signal", **rule)
        Proxy(message_bus, self.connection).AddMatch(self.rule)
        self._filter = self.connection.filter(self.rule, bufsize=1000)
        self.queue = self._filter.__enter__()

    def next(self, timeout):
        """The next signal's (member, body), or an AssertionError after `timeout` seconds."""
        try:
            message = self.connection.recv_until_filtered(self.queue, timeout=timeout)
        except TimeoutError as e:
            raise AssertionError(f"no signal within {timeout} s") from e
        return message.header.fields[HeaderFields.member], message.body

    def wait_for(self, predicate, timeout):
        """The first (member, body) that satisfies `predicate`, skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching signal within {timeout} s")
            member, body = self.next(left)
            if predicate(member, body):
                return member, body

    def close(self):
        self._filter.__exit__(None, None, None)
        self.connection.close()


def call(connection, member, signature=None, body=(), address=MEMWATCH, timeout=5):
    message = new_method_call(address, member, signature, body)
    return connection.send_and_get_reply(message, timeout=timeout)


def owner_of(connection, name):
    return Proxy(message_bus, connection).GetNameOwner(name)[0]


def signal(path, interface, member, signature, body, destination=None):
    message = new_signal(DBusAddress(path, interface=interface), member, signature, body)
    if destination:
        message.header.fields[HeaderFields.destination] = destination
    return message


def request_name(connection, name):
    return Proxy(message_bus, connection).RequestName(name, 0)[0]
