"""robots.txt, fetched once per host and obeyed for HTML pages (feeds are meant for robots)."""

from __future__ import annotations

import threading

from protego import Protego


class RobotsCache:
    """Per-host robots.txt rules for one crawl; a missing file allows everything."""

    def __init__(self, fetcher):
        self.fetcher = fetcher
        self._rules: dict[str, Protego | None] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        rules = self._rules_for(url)
        return True if rules is None else rules.can_fetch(url, self.fetcher.options.user_agent)

    def _rules_for(self, url: str) -> Protego | None:
        from urllib.parse import urlsplit

        from crawlers.fetch import FetchError

        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if key in self._rules:
                return self._rules[key]
        try:
            result = self.fetcher.get(f"{key}/robots.txt")
        except FetchError:
            rules = None  # unreachable robots.txt: the page fetch will report the real problem
        else:
            if 200 <= result.status < 300:
                rules = Protego.parse(result.body.decode("utf-8", "replace"))
            elif 500 <= result.status < 600:
                rules = Protego.parse("User-agent: *\nDisallow: /")  # a failing server: stay away
            else:
                rules = None  # no robots.txt: everything allowed
        with self._lock:
            self._rules[key] = rules
        return rules


