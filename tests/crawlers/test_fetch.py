"""Fetching against a real server on 127.0.0.1: one test per rule."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
import zlib

import pytest
import trustme
from urllib3.util import connection as socket_helpers
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from crawlers.fetch import Fetcher, FetchError, parse_retry_after
from crawlers.guarded_http import address_allowed
from crawlers.options import USER_AGENT, CrawlOptions
from tests.local_site import Quiet


def test_user_agent_names_the_tool(site, fetcher):
    site.route("/feed", body=b"<rss/>")
    fetcher.get(site.url + "/feed")
    assert site.hits("/feed")[0].headers["User-Agent"] == USER_AGENT


def test_conditional_request_sends_etag_and_last_modified(site, fetcher):
    site.route("/feed", lambda request: Response(status=304) if request.headers.get("If-None-Match") == '"v1"'
               else Response(b"<rss/>", headers={"ETag": '"v1"'}))
    first = fetcher.get(site.url + "/feed")
    second = fetcher.get(site.url + "/feed", etag='"v1"', last_modified="Tue, 20 Oct 2026 07:30:00 GMT")
    assert (first.status, first.headers["etag"], second.status) == (200, '"v1"', 304)
    assert site.hits("/feed")[1].headers["If-Modified-Since"] == "Tue, 20 Oct 2026 07:30:00 GMT"


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_reports_the_new_url(site, fetcher, code):
    site.route("/old", body=b"", status=code, headers={"Location": "/new"})
    site.route("/new", body=b"<rss/>")
    result = fetcher.get(site.url + "/old")
    assert result.status == 200 and result.moved_to == site.url + "/new"


def test_temporary_redirect_is_followed_but_not_a_move(site, fetcher):
    site.route("/old", body=b"", status=302, headers={"Location": "/new"})
    site.route("/new", body=b"<rss/>")
    assert fetcher.get(site.url + "/old").moved_to is None


def test_more_than_five_redirects_stop(site, fetcher):
    for number in range(7):
        site.route(f"/r{number}", body=b"", status=302, headers={"Location": f"/r{number + 1}"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(site.url + "/r0")


def test_redirect_to_a_refused_address_never_connects(site, fetcher):
    site.route("/feed", body=b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchError, match="private or reserved address"):
        fetcher.get(site.url + "/feed")


def test_redirect_to_an_unparseable_url_reads_as_a_sentence(site, fetcher):
    def raw_redirect(environ, start_response):  # werkzeug's Response would refuse this Location itself
        start_response("302 Found", [("Location", "http://[x/feed"), ("Content-Length", "0")])
        return [b""]

    site.route("/feed", lambda request: raw_redirect)
    with pytest.raises(FetchError, match="redirects to a URL the crawler will not fetch: not a valid URL"):
        fetcher.get(site.url + "/feed")


def test_private_addresses_refused_unless_allowed(site):
    site.route("/feed", body=b"<rss/>")
    with Fetcher(CrawlOptions(allow_private_networks=False)) as strict:
        with pytest.raises(FetchError, match="private or reserved address"):
            strict.get(site.url + "/feed")
    assert site.hits("/feed") == []


@pytest.mark.parametrize("address, allowed_private, allowed_public", [
    ("127.0.0.1", True, False), ("10.1.2.3", True, False), ("192.168.1.1", True, False),
    ("169.254.169.254", False, False), ("224.0.0.1", False, False), ("240.0.0.1", False, False),
    ("0.0.0.0", False, False), ("::1", True, False), ("93.184.216.34", True, True),
])
def test_address_rules(address, allowed_private, allowed_public):
    assert address_allowed(address, allow_private=True) is allowed_private
    assert address_allowed(address, allow_private=False) is allowed_public


@pytest.mark.parametrize("address, carries", [
    ("2002:a9fe:a9fe::1", "link-local"), ("2002:7f00:1::1", "loopback"), ("2002:a00:1::1", "private"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo: the client is stored inverted
    ("2001:0:4136:e378:8000:63bf:5601:5601", "link-local"), ("64:ff9b::7f00:1", "loopback"),
    ("64:ff9b::a9fe:a9fe", "link-local"), ("64:ff9b::c0a8:101", "private"), ("64:ff9b:1::a9fe:a9fe", "private"),
    ("::ffff:169.254.169.254", "link-local"), ("2002:5db8:d822::1", "public"), ("64:ff9b::5db8:d822", "public"),
    ("2001:0:4136:e378:8000:63bf:a247:27dd", "public"),
])
def test_ipv6_forms_are_judged_by_the_ipv4_address_they_carry(address, carries):
    rules = {"public": (True, True), "private": (True, False), "loopback": (True, False),
             "link-local": (False, False)}
    assert (address_allowed(address, allow_private=True), address_allowed(address, allow_private=False)) == rules[carries]


# Ways to write an address the crawler must not reach: what resolves to each is refused before any
# connection (the local site listens on 127.0.0.1 and would answer otherwise).
SSRF_HOSTS = ["127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1",
              "127.000.000.001", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::1]", "[2002:7f00:1::1]",
              "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]",
              "169.254.169.254", "[2002:a9fe:a9fe::1]", "[fe80::1]", "0.0.0.0", "0", "[::]", "10.0.0.1",
              "192.168.0.1", "172.16.0.1", "100.64.0.1", "224.0.0.1", "255.255.255.255", "[fc00::1]",
              "[ff02::1]", "[::127.0.0.1]"]


def test_every_form_of_a_refused_address_is_refused_before_connecting(site):
    site.route("/feed", body=b"<rss/>")
    port = site.url.rsplit(":", 1)[1]
    refused = []
    with Fetcher(CrawlOptions(allow_private_networks=False, politeness_delay=0)) as strict:
        for host in SSRF_HOSTS:
            with pytest.raises(FetchError) as failure:
                strict.get(f"http://{host}:{port}/feed")
            if "private or reserved address" in str(failure.value):
                refused.append(host)
    assert refused == SSRF_HOSTS and site.hits("/feed") == []


def test_only_http_and_https(fetcher):
    for url in ("ftp://example.com/feed", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(FetchError):
            fetcher.get(url)


def test_timeout(site):
    site.route("/slow", lambda request: (time.sleep(3), Response(b"late"))[1])
    with Fetcher(CrawlOptions(allow_private_networks=True, total_timeout=0.5, politeness_delay=0)) as quick:
        started = time.monotonic()
        with pytest.raises(FetchError, match="did not answer within 0.5 seconds"):
            quick.get(site.url + "/slow")
        assert time.monotonic() - started < 2.5


def test_a_body_sent_a_byte_at_a_time_is_cut_off_at_the_total_timeout(site):
    def drip(request):
        def body():
            for _ in range(40):  # 40 bytes over 8 seconds: each byte well within a read timeout
                time.sleep(0.2)
                yield b"x"
        return Response(body(), headers={"Content-Length": "40"}, direct_passthrough=True)

    site.route("/drip", drip)
    with Fetcher(CrawlOptions(allow_private_networks=True, total_timeout=1.0, politeness_delay=0)) as quick:
        started = time.monotonic()
        with pytest.raises(FetchError, match="took longer than 1 seconds to send"):
            quick.get(site.url + "/drip")
        assert time.monotonic() - started < 2.5


def test_oversized_body_is_refused(site):
    site.route("/big", body=b"x" * (2 * 1024 * 1024))
    with Fetcher(CrawlOptions(allow_private_networks=True, max_body_bytes=1024 * 1024, politeness_delay=0)) as capped:
        with pytest.raises(FetchError, match="more than 1 MiB"):
            capped.get(site.url + "/big")


def compressed(encoding: str, data: bytes) -> bytes:
    """data as a server would send it with this Content-Encoding; skips when no decoder is installed
    (urllib3 decodes brotli and zstd only with those packages, and leaves them undecoded otherwise)."""
    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate":
        return zlib.compress(data)
    module = pytest.importorskip({"br": "brotli", "zstd": "zstandard"}[encoding])
    return module.compress(data)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_compression_bomb_is_stopped_while_streaming(site, fetcher, encoding):
    bomb = compressed(encoding, b"\0" * (64 * 1024 * 1024))  # 64 MiB that compresses to at most 64 KiB
    site.route("/bomb", body=bomb, headers={"Content-Encoding": encoding})
    with pytest.raises(FetchError, match="more than 10 MiB"):
        fetcher.get(site.url + "/bomb")
    assert len(bomb) < 200_000


def test_a_body_that_does_not_decompress_reads_as_a_sentence(site, fetcher):
    site.route("/feed", body=b"\x1f\x8bnot gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as failure:
        fetcher.get(site.url + "/feed")
    message = str(failure.value)
    assert message.startswith(f"cannot fetch {site.url}/feed: Received response with content-encoding: gzip, but "
                              "failed to decode it. (Error -3 while decompressing data")
    assert "('" not in message


@pytest.mark.parametrize("answer, reason", [
    (b"", "Connection aborted. (Remote end closed connection without response)"),
    (b"SSH-2.0-OpenSSH_9.2\r\n", "the server did not answer in HTTP (it began with 'SSH-2.0-OpenSSH_9.2')"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
     "Connection broken: IncompleteRead(10 bytes read, 90 more expected)"),
])
def test_broken_answers_read_as_one_line(fetcher, answer, reason):
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_once():
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(answer)

    thread = threading.Thread(target=answer_once, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/feed"
    with listener, pytest.raises(FetchError) as failure:
        fetcher.get(url)
    thread.join(timeout=5)
    assert str(failure.value) == f"cannot fetch {url}: {reason}"


def test_retry_after_is_read_for_429_and_503(site, fetcher):
    site.route("/busy", body=b"", status=429, headers={"Retry-After": "120"})
    site.route("/down", body=b"", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    assert fetcher.get(site.url + "/busy").retry_after == 120
    assert fetcher.get(site.url + "/down").retry_after > 86400
    assert parse_retry_after("soon") is None


def test_robots_txt_is_obeyed_for_pages_not_feeds(site, fetcher):
    site.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.route("/private/about", body=b"<html></html>", content_type="text/html")
    site.route("/private/feed", body=b"<rss/>")
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.get(site.url + "/private/about", page=True)
    assert site.hits("/private/about") == []
    assert fetcher.get(site.url + "/private/feed").status == 200
    fetcher.get(site.url + "/private/feed", page=False)
    assert len(site.hits("/robots.txt")) == 1  # cached per host


def test_at_most_two_requests_at_once_per_host(site):
    active, peak, lock = [0], [0], threading.Lock()

    def slow(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        return Response(b"<rss/>")

    site.route("/feed", slow)
    with Fetcher(CrawlOptions(allow_private_networks=True, politeness_delay=0)) as shared:
        threads = [threading.Thread(target=shared.get, args=(site.url + "/feed",)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert peak[0] == 2


def test_politeness_delay_spaces_requests(site):
    site.route("/feed", body=b"<rss/>")
    with Fetcher(CrawlOptions(allow_private_networks=True, politeness_delay=0.3)) as polite:
        started = time.monotonic()
        for _ in range(3):
            polite.get(site.url + "/feed")
        assert time.monotonic() - started >= 0.6


def test_refused_connection_reads_as_a_sentence(fetcher):
    with socket.socket() as placeholder:  # a port nothing listens on once it is closed
        placeholder.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{placeholder.getsockname()[1]}/feed"
    with pytest.raises(FetchError) as failure:
        fetcher.get(url)
    assert str(failure.value) == f"cannot fetch {url}: cannot connect to 127.0.0.1: Connection refused"


@pytest.mark.parametrize("first_address_fails_by", ["refusal", "timeout"])
def test_every_checked_address_is_tried_in_turn(site, fetcher, monkeypatch, first_address_fails_by):
    site.route("/feed", body=b"<rss/>")
    real_getaddrinfo = socket.getaddrinfo
    if first_address_fails_by == "timeout":  # as a blackholed IPv6 address does; loopback only refuses
        real_connect = socket_helpers.create_connection

        def blackholed_ipv6(address, *args, **kwargs):
            if address[0] == "::1":
                raise socket.timeout("timed out")
            return real_connect(address, *args, **kwargs)

        monkeypatch.setattr(socket_helpers, "create_connection", blackholed_ipv6)

    def two_addresses(host, port, *args, **kwargs):  # DNS, as a host with an IPv6 address it cannot serve
        if host != "dual-stack.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    port = site.url.rsplit(":", 1)[1]
    assert fetcher.get(f"http://dual-stack.test:{port}/feed").body == b"<rss/>"


def test_https_checks_the_certificate_against_the_host_name(tmp_path, fetcher):
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(server_context)
    app = Response(b"<rss/>", content_type="application/rss+xml")
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=server_context, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://localhost:{server.server_port}/feed"
        with pytest.raises(FetchError, match="certificate verify failed"):
            fetcher.get(url)  # signed by an authority the crawler does not know
        authority.cert_pem.write_to_path(str(tmp_path / "authority.pem"))
        fetcher.pool.connection_pool_kw["ca_certs"] = str(tmp_path / "authority.pem")
        fetcher.pool.clear()
        assert fetcher.get(url).body == b"<rss/>"
        # The connection goes to the checked address, but TLS checks the name asked for.
        with pytest.raises(FetchError, match="not valid for '127.0.0.1'"):
            fetcher.get(f"https://127.0.0.1:{server.server_port}/feed")
    finally:
        server.shutdown()
        thread.join(timeout=5)


def drip_headers(interval: float, lines: int):
    """A server that sends one header line every `interval` seconds: each read well within any
    read timeout, the whole answer far past the total one. Returns its URL and its listener."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                try:
                    connection.recv(65536)
                    connection.sendall(b"HTTP/1.1 200 OK\r\n")
                    for number in range(lines):
                        time.sleep(interval)
                        connection.sendall(b"X-Drip-%d: x\r\n" % number)
                    connection.sendall(b"Content-Length: 6\r\n\r\n<rss/>")
                except OSError:
                    pass

    threading.Thread(target=answer, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/feed", listener


def test_headers_dripped_a_line_at_a_time_are_cut_off_at_the_total_timeout():
    url, listener = drip_headers(0.2, 40)
    with listener, Fetcher(CrawlOptions(allow_private_networks=True, total_timeout=1.0, politeness_delay=0)) as quick:
        started = time.monotonic()
        with pytest.raises(FetchError, match="did not answer within 1 seconds"):
            quick.get(url)
        assert time.monotonic() - started < 2.0


def test_waiting_for_the_hosts_turn_does_not_count_against_the_total_timeout(site):
    site.route("/slow", lambda request: (time.sleep(0.6), Response(b"<rss/>"))[1])
    site.route("/quick", body=b"<rss/>")
    options = CrawlOptions(allow_private_networks=True, total_timeout=1.0, politeness_delay=0, per_host_limit=1)
    bodies = []
    with Fetcher(options) as fetcher:
        slow = [threading.Thread(target=lambda: bodies.append(fetcher.get(site.url + "/slow").body)) for _ in range(3)]
        for thread in slow:
            thread.start()
        time.sleep(0.1)  # the slow requests hold, or wait for, the host's one slot
        bodies.append(fetcher.get(site.url + "/quick").body)  # after some 1.7 s in the queue
        for thread in slow:
            thread.join()
    assert bodies == [b"<rss/>"] * 4
