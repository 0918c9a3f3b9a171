"""Per-site knowledge as data, not code: social networks, and sites that are never blog candidates."""

from __future__ import annotations

# Host (without www.) -> the contact kind a profile link there is.
SOCIAL_HOSTS = {
    "twitter.com": "twitter", "x.com": "twitter", "mobile.twitter.com": "twitter",
    "instagram.com": "instagram", "youtube.com": "youtube", "m.youtube.com": "youtube", "youtu.be": "youtube",
    "tiktok.com": "tiktok", "facebook.com": "facebook", "m.facebook.com": "facebook", "fb.com": "facebook",
    "linkedin.com": "linkedin", "pinterest.com": "pinterest", "pin.it": "pinterest",
    "threads.net": "threads", "bsky.app": "bluesky",
}
# Paths on a social host that are not a person's profile.
NON_PROFILE_PATHS = ("/share", "/sharer", "/intent", "/home", "/watch", "/embed", "/hashtag", "/p/",
                     "/explore", "/search", "/login", "/signup", "/privacy", "/terms", "/pin/create")

# Sites whose links are never blog candidates: social networks, shops, big news and
# reference sites, link shorteners and platforms.
NOT_BLOG_SITES = frozenset(set(SOCIAL_HOSTS) | {
    "amazon.com", "amazon.co.uk", "amazon.de", "ebay.com", "etsy.com", "shopify.com", "walmart.com",
    "target.com", "aliexpress.com", "bestbuy.com",
    "nytimes.com", "bbc.co.uk", "bbc.com", "cnn.com", "theguardian.com", "washingtonpost.com",
    "reuters.com", "apnews.com", "forbes.com", "bloomberg.com", "wsj.com", "foxnews.com",
    "wikipedia.org", "en.wikipedia.org", "google.com", "maps.google.com", "apple.com", "microsoft.com",
    "github.com", "reddit.com", "t.co", "bit.ly", "goo.gl", "feedburner.com", "feeds.feedburner.com",
    "w3.org", "creativecommons.org", "wordpress.org", "gravatar.com", "spotify.com", "vimeo.com",
    "twitch.tv", "patreon.com", "paypal.com", "mastodon.social",
})

# Per-site quirks, Miniflux style: a CSS selector for the post content on sites whose
# feeds carry only a summary. Empty until a site needs one.
CONTENT_SELECTORS: dict[str, str] = {}


def social_kind(host: str) -> str | None:
    host = host[4:] if host.startswith("www.") else host
    return SOCIAL_HOSTS.get(host)


def is_not_a_blog(site: str) -> bool:
    parts = site.split(".")
    # Match the site and every parent domain: "shop.example.amazon.com" is amazon.com.
    return any(".".join(parts[index:]) in NOT_BLOG_SITES for index in range(len(parts) - 1))
