"""URL normalisation, so the same blog or feed is never stored twice."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only track a click; they never change what a page is.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src")


OTHER_SCHEME = re.compile(r"^(mailto|javascript|data|file|ftp|tel|about|vbscript|blob|ws|wss):", re.IGNORECASE)


class BadUrl(ValueError):
    """A URL that cannot be fetched: not http(s), no host, or malformed."""


def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None for text urllib cannot parse (an unclosed '[' in the host, a bad port)."""
    try:
        parts = urlsplit(url)
        parts.port  # urllib only checks the port when it is asked for
    except ValueError:
        return None
    return parts


def join_url(base: str, href: str) -> str | None:
    """href resolved against base, or None when either, or the result, cannot be parsed."""
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if split_url(joined) is not None else None


# Pure functions of their text, asked again for the same feed URLs at every check (a crawl of
# unchanged feeds spent a tenth of its time here); a refused URL raises and is not cached.
@lru_cache(maxsize=8192)
def normalise_url(url: str, base: str | None = None) -> str:
    """Lower-case scheme and host, default port and fragment dropped, tracking query
    parameters removed, an empty path made '/'. Raises BadUrl."""
    url = (url or "").strip()
    if base:
        joined = join_url(base, url)
        if joined is None:
            raise BadUrl(f"not a valid URL: {url!r} (against {base!r})")
        url = joined
    scheme_only = OTHER_SCHEME.match(url)
    if scheme_only:
        raise BadUrl(f"only http and https URLs can be fetched, not {scheme_only.group(1).lower()}: {url!r}")
    if "://" not in url and not url.startswith("//"):
        url = "http://" + url  # people type "example.com/blog"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise BadUrl(f"not a valid URL: {url!r} ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadUrl(f"only http and https URLs can be fetched, not {scheme or 'no scheme'}: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise BadUrl(f"URLs with a user name or password are not fetched: {url!r}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or any(char in host for char in " <>\"{}|\\^`"):
        raise BadUrl(f"no valid host in {url!r}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise BadUrl(f"no valid host in {url!r}") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not key.lower().startswith(TRACKING_PARAMS)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def same_address_key(url: str) -> str:
    """A normalised URL with what does not change the page left out (http or https, a leading
    www., a trailing slash), so that two spellings of one blog's address compare equal; '' for
    a URL that cannot be normalised."""
    try:
        parts = urlsplit(normalise_url(url))
    except BadUrl:
        return ""
    host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


@lru_cache(maxsize=8192)
def host_of(url: str) -> str:
    """The lower-cased host, or '' when there is none or the URL cannot be parsed."""
    parts = split_url(url)
    return (parts.hostname or "").lower() if parts else ""


# First path segments under which a shared host keeps one blog per name
# (example.com/blogs/anna/, medium.com/@anna).
HOSTED_PREFIXES = ("blogs", "users", "u")


def site_of(url: str) -> str:
    """The site a URL belongs to, for 'one candidate per site': the host without www (and its
    port), plus the blog's own path on hosts that keep many blogs under one name; '' for a URL
    that cannot be parsed."""
    parts = split_url(url)
    if parts is None:
        return ""
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments and segments[0].startswith("@"):
        return f"{host}/{segments[0]}"
    if len(segments) >= 2 and segments[0] in HOSTED_PREFIXES:
        return f"{host}/{segments[0]}/{segments[1]}"
    return host
