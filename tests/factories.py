"""Small helpers that insert real rows for tests, and a small collection of blogs on distinct
topics for the ranking."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlmodel import Session

from outreach.core.campaigns import create_campaign
from outreach.core.models import Blog, Blogger, Post, User
from outreach.core.pipeline import add_blogger_to_campaign


def make_blogger(session: Session, name: str = "Maya Pour", slug: str = "maya", **fields) -> Blogger:
    blogger = Blogger(name=name, **fields)
    session.add(blogger)
    session.flush()
    session.add(Blog(feed_url=f"https://{slug}.example/feed", homepage_url=f"https://{slug}.example/",
                     title=f"{name}'s blog", blogger_id=blogger.id))
    session.flush()
    return blogger


def make_campaign_with_entries(session: Session, user_id: int, names=("Maya Pour", "Leo Trail")):
    """A campaign with default stages and one shortlisted entry per name."""
    user = session.get(User, user_id)
    campaign = create_campaign(session, user, "Autumn launch", brand="Northbrew")
    entries = []
    for index, name in enumerate(names):
        blogger = make_blogger(session, name, slug=f"b{index}")
        entries.append(add_blogger_to_campaign(session, user, campaign, blogger.id, score=80 - index))
    session.commit()
    return campaign, entries


NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)

TOPICS = {
    "running": "trail running marathon training runners race miles pace hills ultramarathon "
               "stride sneakers endurance tempo interval",
    "cooking": "recipe kitchen bake bread oven flour dinner sauce garlic vegetables roast "
               "simmer pastry butter spices",
    "gardening": "garden roses soil compost seeds planting flowers pruning tomatoes weeds "
                 "greenhouse mulch bulbs hedge",
    "finance": "savings budget pension mortgage interest investing stocks bonds dividends "
               "portfolio inflation taxes retirement",
    "knitting": "yarn knitting wool needles stitches pattern cardigan scarf sweater purl "
                "crochet skein cable mittens",
}
FILLER = "today week morning friends family weather weekend thought little really".split()


def topic_text(topic: str, rng: random.Random, words: int = 60) -> str:
    """A post mostly about one topic, with everyday filler words."""
    vocabulary = TOPICS[topic].split()
    return " ".join(rng.choice(vocabulary) if rng.random() < 0.7 else rng.choice(FILLER) for _ in range(words))


class Collection:
    """Adds blogs and posts, one call per blog."""

    def __init__(self, session: Session):
        self.session = session
        self.rng = random.Random(7)
        self._posts = 0

    def blog(self, name: str, topics: list[str], *, days_ago_last: float = 1, every_days: float = 7,
             comments: list[int | None] | None = None, extra: dict[int, str] | None = None,
             audience: int | None = None) -> Blog:
        """A blog whose i-th newest post is about topics[i], posted every `every_days`."""
        blogger = Blogger(name=name, audience_size=audience)
        self.session.add(blogger)
        self.session.flush()
        slug = name.lower().replace(" ", "-")
        blog = Blog(feed_url=f"https://{slug}.example/feed", homepage_url=f"https://{slug}.example/",
                    title=f"{name}'s blog", blogger_id=blogger.id)
        self.session.add(blog)
        self.session.flush()
        for position, topic in enumerate(topics):
            self.post(blog, topic, NOW - timedelta(days=days_ago_last + position * every_days),
                      title=f"{name} on {topic} #{position}",
                      comments=None if comments is None else comments[position],
                      suffix=(extra or {}).get(position, ""))
        self.session.commit()
        return blog

    def post(self, blog: Blog, topic: str | None, published: datetime, *, title: str = "",
             comments: int | None = None, suffix: str = "", text: str | None = None,
             tags: list[str] | None = None) -> Post:
        self._posts += 1
        body = text if text is not None else topic_text(topic, self.rng)
        post = Post(blog_id=blog.id, key=f"post-{self._posts}", url=f"{blog.homepage_url}p/{self._posts}",
                    title=title, published_at=published, text=f"{body} {suffix}".strip(),
                    comment_count=comments, content_hash=f"h{self._posts}", tags=tags or [])
        self.session.add(post)
        return post


def runners_and_cooks(session: Session, cooks: int = 5) -> Blog:
    """Rita Runner, Sam Sprinter (running, and once cooking) and cooks: Rita's blog, whose
    closest like is Sam's."""
    collection = Collection(session)
    runner = collection.blog("Rita Runner", ["running"] * 6)
    collection.blog("Sam Sprinter", ["running"] * 5 + ["cooking"])
    for number in range(cooks):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    return runner
