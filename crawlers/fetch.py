"""HTTP for the crawler: address checks at connect time, redirects counted and checked hop
by hop, conditional requests, a streamed body cap, per-host limits and politeness."""

from __future__ import annotations

import http.client
import io
import ipaddress
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from http.client import BadStatusLine, RemoteDisconnected

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util import connection as socket_helpers

from crawlers.options import CrawlOptions
from outreach.core.urls import BadUrl, host_of, normalise_url

log = logging.getLogger(__name__)
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
CHUNK = 64 * 1024
CONNECTION_PREFIX = re.compile(r"^<?[\w.]+(?: object at 0x[0-9a-f]+>|\(host=[^)]*\)): ")


class FetchError(Exception):
    """A fetch that failed before a usable answer: the message says why, for a person."""


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


@dataclass
class FetchResult:
    """What one GET gave, after redirects."""

    url: str  # the final URL
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    moved_to: str | None = None  # set when every redirect on the way was permanent
    retry_after: float | None = None  # seconds, from a 429 or 503

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


class HostGate:
    """At most N requests at once to one host, and a pause between two of them."""

    def __init__(self, limit: int, delay: float):
        self.slots = threading.BoundedSemaphore(limit)
        self.lock = threading.Lock()
        self.delay = delay
        self.next_start = 0.0

    def __enter__(self):
        self.slots.acquire()
        with self.lock:
            wait = self.next_start - time.monotonic()
            self.next_start = max(self.next_start, time.monotonic()) + self.delay
        if wait > 0:
            time.sleep(wait)
        return self

    def __exit__(self, *exc):
        self.slots.release()


class Fetcher:
    """One HTTP client shared by a crawl's threads, with per-host gates and robots.txt."""

    def __init__(self, options: CrawlOptions):
        self.options = options
        # urllib3 rather than a richer client: a conditional GET answered 304 is most of a
        # crawl, and urllib3 spends well under half of httpx's CPU on one.
        self.pool = CheckedPoolManager(
            options.allow_private_networks, num_pools=100, maxsize=max(1, options.per_host_limit),
            retries=False, ca_certs=certifi.where(),
        )
        self.headers = {"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"}
        self._gates: dict[str, HostGate] = {}
        self._gates_lock = threading.Lock()
        from crawlers.robots import RobotsCache

        self.robots = RobotsCache(self)

    def close(self) -> None:
        self.pool.clear()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def gate(self, host: str) -> HostGate:
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(self.options.per_host_limit, self.options.politeness_delay)
            return gate

    def get(self, url: str, *, etag: str = "", last_modified: str = "", page: bool = False,
            accept: str = "") -> FetchResult:
        """GET a URL, following up to N redirects; a page (HTML) must be allowed by robots.txt.
        Raises FetchError with a readable reason."""
        try:
            url = normalise_url(url)
        except BadUrl as error:
            raise FetchError(str(error)) from None
        if page and not self.robots.allowed(url):
            raise FetchError(f"robots.txt of {host_of(url)} does not allow fetching {url}")
        headers = dict(self.headers)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        original, permanent = url, True
        for _ in range(self.options.max_redirects + 1):
            result = self._get_once(url, headers)
            if result.status not in REDIRECTS:
                # Only a chain of permanent redirects moves a feed for good.
                if url != original and permanent:
                    result.moved_to = url
                return result
            location = result.headers.get("location")
            if not location:
                raise FetchError(f"{url} answered {result.status} without a Location to go to")
            try:
                url = normalise_url(location, base=url)
            except BadUrl as error:
                raise FetchError(f"{url} redirects to a URL the crawler will not fetch: {error}") from None
            permanent = permanent and result.status in PERMANENT_REDIRECTS
            if page and not self.robots.allowed(url):
                raise FetchError(f"robots.txt of {host_of(url)} does not allow fetching {url}")
        raise FetchError(f"more than {self.options.max_redirects} redirects, stopped at {url}")

    def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        try:
            with self.gate(host_of(url)):
                # The total counts from here: waiting for the host's turn is not the server's slowness.
                deadline = time.monotonic() + self.options.total_timeout
                timeout = urllib3.Timeout(connect=min(self.options.connect_timeout, self.options.total_timeout),
                                          total=self.options.total_timeout)
                response = self.pool.urlopen("GET", url, headers=headers, redirect=False, timeout=timeout,
                                             preload_content=False, decode_content=True)
                try:
                    body = self._read_capped(response, url, deadline)
                finally:
                    response.release_conn()
                result = FetchResult(url=url, status=response.status,
                                     headers={key.lower(): value for key, value in response.headers.items()},
                                     body=body)
        except BlockedAddress as error:
            raise FetchError(str(error)) from None
        except NewConnectionError as error:  # before timeouts: urllib3 makes it one, for history
            raise FetchError(f"cannot fetch {url}: {connection_problem(error)}") from None
        except Urllib3Timeout:
            raise FetchError(f"{url} did not answer within {self.options.total_timeout:g} seconds") from None
        except HTTPError as error:
            raise FetchError(f"cannot fetch {url}: {connection_problem(error)}") from None
        if result.status in (429, 503):
            result.retry_after = parse_retry_after(result.headers.get("retry-after"))
        return result

    def _read_capped(self, response: urllib3.BaseHTTPResponse, url: str, deadline: float) -> bytes:
        """The decompressed body, refused as soon as it passes the cap (urllib3 decompresses a
        chunk at a time, so a gzip bomb stops early). Read even when unused (a redirect's page, a
        304's nothing): a fully read answer lets the connection be kept for the next request.
        read1, not stream(): stream() waits for a whole chunk, so a server sending a byte at a time
        could hold the crawler far past its total timeout."""
        chunks, size = [], 0
        too_slow = FetchError(f"{url} took longer than {self.options.total_timeout:g} seconds to send")
        try:
            while chunk := response.read1(CHUNK, decode_content=True):
                size += len(chunk)
                if size > self.options.max_body_bytes:
                    raise FetchError(f"{url} sent more than {self.options.max_body_bytes // (1024 * 1024)} MiB; "
                                     "the crawler stopped reading")
                if time.monotonic() > deadline:
                    raise too_slow
                chunks.append(chunk)
        except Urllib3Timeout:  # the socket's reads reached the exchange's deadline (DeadlineReader)
            response.close()
            raise too_slow from None
        except FetchError:
            response.close()  # unread bytes would spoil the connection for the next request
            raise
        if response.status in REDIRECTS or response.status == 304:
            return b""
        return b"".join(chunks)


def connection_problem(error: HTTPError) -> str:
    """urllib3's reason as one line for a person: without the connection object some messages
    start with, and with a (message, cause) pair written out rather than shown as a tuple."""
    reason = getattr(error, "reason", None) or error
    message, cause = reason.args if len(reason.args) == 2 and isinstance(reason.args[0], str) else (str(reason), None)
    if isinstance(cause, BadStatusLine) and not isinstance(cause, RemoteDisconnected):
        return f"the server did not answer in HTTP (it began with {str(cause).strip()[:80]!r})"
    text = message if cause is None or str(cause) in message else f"{message} ({cause})"
    return " ".join(CONNECTION_PREFIX.sub("", text).split()) or type(error).__name__
