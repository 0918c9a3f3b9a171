"""Connections the crawler may make: each host resolved and checked against private and
reserved networks on every hop, and every response read by one total deadline."""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import time

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import NewConnectionError
from urllib3.util import connection as socket_helpers


class BlockedAddress(Exception):
    """The host resolves only to addresses the crawler may not connect to. Not an OSError, so
    urllib3 passes it through unwrapped."""


# RFC 6052's well-known prefix: a NAT64 gateway connects to the IPv4 address in the last 32 bits.
# Its local-use sibling 64:ff9b:1::/48 places the address where its operator chose, so it is
# judged as the private network it names.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def carried_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address an IPv6 transition form carries and reaches (IPv4-mapped, 6to4, Teredo's
    client, NAT64), or the address itself: 2002:a9fe:a9fe::1 is a way to write 169.254.169.254."""
    if ip.version == 4:
        return ip
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_allowed(address: str, allow_private: bool) -> bool:
    """Public addresses always; loopback and private ranges only when allowed. Link-local
    (cloud metadata services), multicast, reserved and unspecified addresses never. An IPv6
    form that carries an IPv4 address is judged by the address it carries."""
    ip = carried_address(ipaddress.ip_address(address.split("%")[0]))
    if ip.version == 6 and ip in NAT64_LOCAL:
        return allow_private
    if ip.is_loopback:  # before is_reserved: ::1 sits in IPv6's reserved block
        return allow_private
    if ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    if ip.is_private or not ip.is_global:
        return allow_private
    return True


class CheckedAddressMixin:
    """Resolves the host itself and connects only to an allowed address, on every hop, so a
    DNS answer or a redirect cannot point the crawler at the inside of the network. TLS still
    checks the certificate against the host name, not the address."""

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_private = allow_private

    def _new_conn(self) -> socket.socket:
        try:
            infos = socket.getaddrinfo(self._dns_host, self.port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise NewConnectionError(self, f"cannot resolve {self.host}: {error.strerror}") from None
        allowed = [info[4][0] for info in infos if address_allowed(info[4][0], self.allow_private)]
        if not allowed:
            raise BlockedAddress(f"{self.host} resolves to a private or reserved address, which the crawler "
                                 "does not fetch (set OUTREACH_ALLOW_PRIVATE_NETWORKS for local tests)")
        # Connect to an address we checked, never to a second lookup's answer; like the
        # standard library, try each in turn (a host may list an IPv6 address it cannot serve).
        # A timeout counts as a failure too: a blackholed IPv6 address times out, it is not refused.
        problem: OSError | None = None
        for address in allowed:
            try:
                return socket_helpers.create_connection((address, self.port), self.timeout,
                                                        socket_options=self.socket_options)
            except OSError as error:
                problem = error
        if isinstance(problem, socket.timeout):
            raise urllib3.exceptions.ConnectTimeoutError(self, f"{self.host} did not accept a connection")
        raise NewConnectionError(self, f"cannot connect to {self.host}: {problem.strerror or problem}")


class DeadlineReader(io.RawIOBase):
    """A response's socket, read with a timeout that shrinks to the exchange's deadline: a
    socket's own timeout bounds each read alone, so a server sending a header line every few
    seconds could hold the crawler for as long as it liked."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, deadline: float):
        super().__init__()
        self.raw, self.sock, self.deadline = raw, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("the exchange took longer than its deadline")
        self.sock.settimeout(left)
        return self.raw.readinto(buffer)

    def close(self) -> None:
        self.raw.close()
        super().close()


class DeadlineResponse(http.client.HTTPResponse):
    """http.client's response, its status line, headers and body all read by one deadline."""

    def __init__(self, sock: socket.socket, *args, **kwargs):
        super().__init__(sock, *args, **kwargs)
        # urllib3 has just set the socket's timeout to what is left of the request's total.
        deadline = time.monotonic() + (sock.gettimeout() or 0)
        self.fp = io.BufferedReader(DeadlineReader(self.fp.detach(), sock, deadline))


class CheckedHTTPConnection(CheckedAddressMixin, HTTPConnection):
    response_class = DeadlineResponse


class CheckedHTTPSConnection(CheckedAddressMixin, HTTPSConnection):
    response_class = DeadlineResponse


class CheckedPoolManager(urllib3.PoolManager):
    """urllib3's pools, each making address-checked connections."""

    CONNECTIONS = {"http": CheckedHTTPConnection, "https": CheckedHTTPSConnection}

    def __init__(self, allow_private: bool, **kwargs):
        super().__init__(**kwargs)
        self.allow_private = allow_private

    def _new_pool(self, scheme, host, port, request_context=None):
        # urllib3 documents _new_pool as the place to customise the pools it makes.
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.ConnectionCls = self.CONNECTIONS[scheme]
        pool.conn_kw["allow_private"] = self.allow_private
        return pool
