"""Small helpers that insert real rows for tests."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core.models import Blog, Blogger, User
from outreach.core.pipeline import add_blogger_to_campaign, create_campaign


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
