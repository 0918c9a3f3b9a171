"""Open engagement from the platforms' public read APIs, without signing in: each recent post's
replies, shares (boosts, reposts, quotes) and likes (favourites), and the account's followers.

Every call goes through the crawler's Fetcher (address checks, politeness, conditional GET).
A platform that refuses (401/403: a private server), has removed the account (404/410) or
limits us (429) is recorded as that, with when to ask again: never an error storm."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from crawlers.fetch import Fetcher, FetchError, FetchResult
from crawlers.platforms import match_platform
from outreach.core.sanitize import strip_control

ENGAGEMENT_INTERVAL = timedelta(hours=6)  # counts move slowly; the feed is checked more often
REFUSED_INTERVAL = timedelta(days=7)  # a private server rarely opens
GONE_INTERVAL = timedelta(days=30)
LIMIT_BOUNDS = (timedelta(minutes=5), timedelta(days=1))
ERROR_INTERVAL = timedelta(hours=6)
JSON = "application/json"
HREF = re.compile(r"""href\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class PostCounts:
    """A post's open engagement: conversation, amplification and applause."""

    replies: int | None
    shares: int | None
    likes: int | None


@dataclass
class EngagementRead:
    """What one read of a platform's API gave, and when to ask again."""

    status: str  # ok, unchanged, limited, refused, gone, error
    message: str
    next_check_at: datetime
    source: str = ""  # e.g. "Mastodon API (social.example)"
    followers: int | None = None
    counts: dict[str, PostCounts] = field(default_factory=dict)  # by the post's id: its URL's last segment
    links: list[str] = field(default_factory=list)  # the profile's own links (rel=me on Mastodon)
    name: str = ""  # the account's display name
    details: dict = field(default_factory=dict)  # account id, ETags of the last answers


def engagement_due(state, changes: dict, now: datetime) -> bool:
    """Whether the channel has an open API and it is time to ask it again."""
    if changes.get("platform", state.platform) not in READERS:
        return False
    return state.api_next_check_at is None or state.api_next_check_at <= now


def read_channel_engagement(state, changes: dict, fetcher: Fetcher, now: datetime) -> EngagementRead | None:
    """The engagement of a channel being refreshed (its crawl state and the changes so far)."""
    return read_engagement(changes.get("platform", state.platform), changes.get("homepage_url") or state.homepage_url,
                           changes.get("details", state.details) or {}, fetcher, now)


def read_engagement(api: str, homepage_url: str, details: dict, fetcher: Fetcher,
                    now: datetime) -> EngagementRead | None:
    """Read the account's API, or None when the platform has none we can read."""
    matched = match_platform(homepage_url, fetcher.options.platform_bases)
    if matched is None or matched.rule.api != api:
        return None
    reader = READERS[api]
    try:
        return reader(matched, details, fetcher, now)
    except FetchError as error:
        return EngagementRead("error", str(error)[:500], now + ERROR_INTERVAL)
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        return EngagementRead("error", f"the API's answer was not readable ({type(error).__name__})",
                              now + ERROR_INTERVAL)


def read_mastodon(matched, details: dict, fetcher: Fetcher, now: datetime) -> EngagementRead:
    """GET /api/v1/accounts/lookup, then the account's latest statuses."""
    origin, name = matched.values["origin"], matched.values["name"]
    source = f"Mastodon API ({origin.split('://', 1)[1]})"
    etags = dict(details.get("api_etags") or {})
    lookup = get_json(fetcher, f"{origin}/api/v1/accounts/lookup?acct={quote(name)}", etags)
    if lookup.status not in (200, 304):
        return refusal(lookup, source, now)
    read = EngagementRead("ok", "", now + ENGAGEMENT_INTERVAL, source, details=dict(details))
    if lookup.status == 200:
        account = json.loads(lookup.body)
        read.followers = whole(account.get("followers_count"))
        read.details["account_id"] = text_of(account["id"], 100)
        read.name = text_of(account.get("display_name") or account.get("username"), 300)
        read.links = [link for item in account.get("fields") or []
                      for link in HREF.findall(strip_control(str(item.get("value"))))]
    elif "account_id" not in details:
        return EngagementRead("error", "the server answered 304 to a first lookup", now + ERROR_INTERVAL, source)
    statuses = get_json(fetcher, f"{origin}/api/v1/accounts/{read.details['account_id']}/statuses"
                                 "?limit=40&exclude_reblogs=true", etags)
    if statuses.status not in (200, 304):
        return refusal(statuses, source, now)
    if statuses.status == 200:
        for status in json.loads(statuses.body):
            if status.get("reblog") or not status.get("url"):
                continue  # a boost of someone else's post is not this account's writing
            read.counts[last_segment(status["url"])] = PostCounts(
                whole(status.get("replies_count")), whole(status.get("reblogs_count")),
                whole(status.get("favourites_count")))
    read.details["api_etags"] = etags
    return read


def read_bluesky(matched, details: dict, fetcher: Fetcher, now: datetime) -> EngagementRead:
    """app.bsky.actor.getProfile, then app.bsky.feed.getAuthorFeed, on the public AppView."""
    api = dict(matched.bases)["bluesky_api"]
    actor = quote(matched.values["actor"], safe=":.")
    source = f"Bluesky API ({api.split('://', 1)[1]})"
    etags = dict(details.get("api_etags") or {})
    profile = get_json(fetcher, f"{api}/xrpc/app.bsky.actor.getProfile?actor={actor}", etags)
    if profile.status not in (200, 304):
        return refusal(profile, source, now)
    read = EngagementRead("ok", "", now + ENGAGEMENT_INTERVAL, source, details=dict(details))
    if profile.status == 200:
        account = json.loads(profile.body)
        read.followers = whole(account.get("followersCount"))
        read.details["did"] = text_of(account.get("did"), 200)
        read.name = text_of(account.get("displayName") or account.get("handle"), 300)
    posts = get_json(fetcher, f"{api}/xrpc/app.bsky.feed.getAuthorFeed?actor={actor}&limit=50"
                              "&filter=posts_no_replies", etags)
    if posts.status not in (200, 304):
        return refusal(posts, source, now)
    if posts.status == 200:
        for item in json.loads(posts.body).get("feed") or []:
            post = item.get("post") or {}
            if item.get("reason") or not post.get("uri"):
                continue  # a repost of someone else's post
            shares = sum(whole(post.get(name)) or 0 for name in ("repostCount", "quoteCount"))
            read.counts[last_segment(post["uri"])] = PostCounts(whole(post.get("replyCount")), shares,
                                                                whole(post.get("likeCount")))
    read.details["api_etags"] = etags
    return read


READERS = {"mastodon": read_mastodon, "bluesky": read_bluesky}


def get_json(fetcher: Fetcher, url: str, etags: dict) -> FetchResult:
    """A conditional GET of an API address; the answer's ETag is kept for the next read."""
    result = fetcher.get(url, etag=etags.get(url, ""), accept=JSON)
    if result.status == 200 and result.headers.get("etag"):
        etags[url] = result.headers["etag"][:200]
    return result


def refusal(result: FetchResult, source: str, now: datetime) -> EngagementRead:
    """A refusal, a removed account or a limit, recorded as what it is."""
    status = result.status
    reason = api_error(result)
    if status in (429, 503):
        wait = limit_wait(result, now)
        return EngagementRead("limited", f"HTTP {status}: {source} asked us to wait {format_wait(wait)}",
                              now + wait, source)
    if status in (401, 403):
        return EngagementRead("refused", f"HTTP {status}: {source} shows nothing without signing in{reason}",
                              now + REFUSED_INTERVAL, source)
    if status in (404, 410) or (status == 400 and api_error_name(result) in BLUESKY_GONE):
        return EngagementRead("gone", f"HTTP {status}: the account is not there any more{reason}",
                              now + GONE_INTERVAL, source)
    return EngagementRead("error", f"HTTP {status} from {source}{reason}", now + ERROR_INTERVAL, source)


BLUESKY_GONE = {"InvalidRequest", "AccountTakedown", "AccountDeactivated", "NotFound"}


def api_error_name(result: FetchResult) -> str:
    try:
        return str(json.loads(result.body).get("error") or "")
    except (ValueError, AttributeError):
        return ""


def api_error(result: FetchResult) -> str:
    """The API's own message, when its answer carries one (Mastodon's and XRPC's "error"/"message")."""
    try:
        answer = json.loads(result.body)
        message = answer.get("message") or answer.get("error") or ""
    except (ValueError, AttributeError):
        return ""
    return f" ({text_of(message, 200)})" if message else ""


def limit_wait(result: FetchResult, now: datetime) -> timedelta:
    """How long a limit lasts: Retry-After, else the rate limit's reset (Bluesky: epoch seconds;
    Mastodon: an ISO time), kept between five minutes and a day."""
    wait = timedelta(seconds=result.retry_after) if result.retry_after is not None else None
    reset = result.headers.get("ratelimit-reset") or result.headers.get("x-ratelimit-reset") or ""
    if wait is None and reset.strip().isdigit():
        wait = datetime.fromtimestamp(int(reset), timezone.utc) - now
    elif wait is None and reset:
        try:
            wait = datetime.fromisoformat(reset.strip().replace("Z", "+00:00")) - now
        except ValueError:
            wait = None
    low, high = LIMIT_BOUNDS
    return min(max(wait or low, low), high)


def format_wait(wait: timedelta) -> str:
    minutes = int(wait.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def last_segment(url: str) -> str:
    """A post's own id: the last segment of its address (Mastodon's status id, Bluesky's record key)."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def text_of(value, limit: int) -> str:
    """An answer's text field as stored: one line, no control characters (PostgreSQL refuses a
    NUL), at most `limit` characters."""
    return " ".join(strip_control(str(value or "")).split())[:limit]


def whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
