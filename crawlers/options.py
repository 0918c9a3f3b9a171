"""How the crawler behaves: limits, timeouts, politeness, and whether private networks are allowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

USER_AGENT = "OutreachBot/0.1 (+https://github.com/outreach-tool/outreach; blogger outreach crawler)"


@dataclass(frozen=True)
class CrawlOptions:
    """Crawler settings; `from_settings` reads them from the app's settings."""

    allow_private_networks: bool = False
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_body_bytes: int = 10 * 1024 * 1024
    per_host_limit: int = 2
    politeness_delay: float = 1.0  # seconds between two requests to one host
    min_interval_minutes: int = 15
    max_interval_minutes: int = 24 * 60
    read_profiles: bool = True  # homepage, about and contact pages after a feed refresh
    profile_max_age_days: int = 7
    profile_max_pages: int = 3
    lease_seconds: int = 600

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], **overrides) -> "CrawlOptions":
        values = {
            "allow_private_networks": bool(settings.get("ALLOW_PRIVATE_NETWORKS", False)),
            "min_interval_minutes": int(settings.get("CRAWL_MIN_INTERVAL_MINUTES", 15)),
            "max_interval_minutes": int(settings.get("CRAWL_MAX_INTERVAL_MINUTES", 24 * 60)),
            "politeness_delay": float(settings.get("CRAWL_POLITENESS_SECONDS", 1.0)),
        }
        values.update(overrides)
        return cls(**values)
