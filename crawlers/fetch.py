"""HTTP for the crawler: address checks at connect time, redirects counted and checked hop
by hop, conditional requests, a streamed body cap, per-host limits and politeness."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from http.client import BadStatusLine, RemoteDisconnected

import certifi
import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from crawlers.guarded_http import BlockedAddress, CheckedPoolManager
from crawlers.options import CrawlOptions
from outreach.core.urls import BadUrl, host_of, normalise_url

log = logging.getLogger(__name__)
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
CHUNK = 64 * 1024
CONNECTION_PREFIX = re.compile(r"^<?[\w.]+(?: object at 0x[0-9a-f]+>|\(host=[^)]*\)): ")


class FetchError(Exception):
    """A fetch that failed before a usable answer: the message says why, for a person."""


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
