"""How the crawler behaves: limits, timeouts, politeness, and whether private networks are allowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from crawlers.platforms import platform_bases
from outreach.core.settings import default_of

USER_AGENT = "OutreachBot/0.1 (+https://github.com/outreach-tool/outreach; blogger outreach crawler)"
# CrawlOptions field -> the setting it comes from; the setting holds its default.
FROM_SETTINGS = {
    "allow_private_networks": "ALLOW_PRIVATE_NETWORKS",
    "min_interval_minutes": "CRAWL_MIN_INTERVAL_MINUTES",
    "max_interval_minutes": "CRAWL_MAX_INTERVAL_MINUTES",
    "politeness_delay": "CRAWL_POLITENESS_SECONDS",
}


@dataclass(frozen=True)
class CrawlOptions:
    """Crawler settings; `from_settings` reads them from the app's settings."""

    allow_private_networks: bool = default_of("ALLOW_PRIVATE_NETWORKS")
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_body_bytes: int = 10 * 1024 * 1024
    per_host_limit: int = 2
    politeness_delay: float = default_of("CRAWL_POLITENESS_SECONDS")  # seconds between two requests to one host
    min_interval_minutes: int = default_of("CRAWL_MIN_INTERVAL_MINUTES")
    max_interval_minutes: int = default_of("CRAWL_MAX_INTERVAL_MINUTES")
    read_profiles: bool = True  # homepage, about and contact pages after a feed refresh
    profile_max_age_days: int = 7
    profile_max_pages: int = 3
    lease_seconds: int = 600
    # Where each platform lives (crawlers/platforms.py), as (name, base) pairs; tests point them at 127.0.0.1.
    platform_bases: tuple[tuple[str, str], ...] = platform_bases()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], **overrides) -> "CrawlOptions":
        """The options the settings give (each missing one at its default), then the overrides."""
        values = {field: settings.get(name, default_of(name)) for field, name in FROM_SETTINGS.items()}
        values["platform_bases"] = platform_bases(settings.get("PLATFORM_BASES") or {})
        values.update(overrides)
        return cls(**values)
