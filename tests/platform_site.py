"""Recorded answers of the platforms (YouTube, Apple Podcasts, a Mastodon server, Bluesky,
Substack), served on 127.0.0.1 by a local Site with each platform's addresses moved under it."""

from __future__ import annotations

from crawlers.platforms import platform_bases
from tests.local_site import GOLDEN, Site

PLATFORMS = GOLDEN / "platforms"
CHANNEL_ID = "UCtrailfoxGearLab0000000"
DID = "did:plc:r7kq2f3xw6n4yvbz5t0dmh8c"
MASTODON_ACCOUNT_ID = "109371224901588402"


def moved(site: Site) -> dict[str, str]:
    """Each real address in the recordings -> where the local site serves it."""
    return {
        "https://www.youtube.com": f"{site.url}/yt",
        "https://public.api.bsky.app": f"{site.url}/bsky-api",
        "https://bsky.app": f"{site.url}/bsky",
        "https://itunes.apple.com": f"{site.url}/itunes",
        "https://podcasts.apple.com": f"{site.url}/apple",
        "https://feeds.example-podhost.com": f"{site.url}/podhost",
        "https://trailmix.substack.com": f"{site.url}/substack/trailmix",
        "https://trails.social": site.url,
        "https://dana-on-the-trail.example": f"{site.url}/dana-blog",
    }


def bases_for(site: Site) -> tuple[tuple[str, str], ...]:
    """The platform bases of CrawlOptions pointing at the local site."""
    return platform_bases({
        "youtube": f"{site.url}/yt", "bluesky": f"{site.url}/bsky", "bluesky_api": f"{site.url}/bsky-api",
        "itunes_api": f"{site.url}/itunes", "apple_podcasts": f"{site.url}/apple",
        "substack": f"{site.url}/substack/{{name}}",
    })


def setting_for(site: Site) -> dict[str, str]:
    """The same bases as the app's PLATFORM_BASES setting."""
    return {key: value for key, value in bases_for(site) if value != dict(platform_bases()).get(key)}


def recording(site: Site, name: str) -> bytes:
    """A recorded answer with its platforms' addresses moved to the local site."""
    text = (PLATFORMS / name).read_text(encoding="utf-8")
    for real, local in moved(site).items():
        text = text.replace(real, local)
    return text.encode("utf-8")


def serve(site: Site, path: str, name: str, content_type: str, status: int = 200, headers=None) -> None:
    site.route(path, body=recording(site, name), content_type=content_type, status=status, headers=headers)


def serve_youtube(site: Site) -> None:
    serve(site, "/yt/@ridgegearlab", "youtube_handle.html", "text/html; charset=utf-8")
    serve(site, f"/yt/feeds/videos.xml?channel_id={CHANNEL_ID}", "youtube_channel.xml", "text/xml; charset=UTF-8")


def serve_podcast(site: Site) -> None:
    serve(site, "/itunes/lookup?id=1612345678&entity=podcast", "apple_lookup.json", "text/javascript; charset=utf-8")
    serve(site, "/podhost/switchback-radio.xml", "podcast.xml", "application/rss+xml")


def serve_mastodon(site: Site, name: str = "dana") -> None:
    """An account whose server answers its public API without signing in."""
    serve(site, f"/@{name}.rss", "mastodon_account.rss", "application/rss+xml; charset=utf-8",
          headers={"ETag": 'W/"rss-1"'})
    serve(site, f"/api/v1/accounts/lookup?acct={name}", "mastodon_lookup.json", "application/json; charset=utf-8")
    serve(site, f"/api/v1/accounts/{MASTODON_ACCOUNT_ID}/statuses?limit=40&exclude_reblogs=true",
          "mastodon_statuses.json", "application/json; charset=utf-8")


def serve_bluesky(site: Site, handle: str = "milo.trails.example") -> None:
    serve(site, f"/bsky/profile/{handle}/rss", "bluesky_profile.rss", "application/rss+xml")
    serve(site, f"/bsky-api/xrpc/app.bsky.actor.getProfile?actor={handle}", "bluesky_getProfile.json",
          "application/json; charset=utf-8")
    serve(site, f"/bsky-api/xrpc/app.bsky.feed.getAuthorFeed?actor={handle}&limit=50&filter=posts_no_replies",
          "bluesky_getAuthorFeed.json", "application/json; charset=utf-8")
