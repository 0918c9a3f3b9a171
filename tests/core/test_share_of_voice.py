"""Share of voice from real mentions: each brand's mentions, people and engagement in the range,
their shares, and the weekly counts the chart draws."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import select

from outreach.core.mentions import record_mentions
from outreach.core.models import Blog, Post, User
from outreach.core.monitors import save_monitor
from outreach.core.share_of_voice import share_of_voice
from tests.factories import make_blogger


def test_each_brand_s_share_of_mentions_people_and_engagement(session, users):
    manager = session.get(User, users["manager"][0])
    trailfox = save_monitor(session, manager, None, name="Trailfox", terms="Trailfox")
    ridgeline = save_monitor(session, manager, None, name="Ridgeline", terms="Ridgeline")
    save_monitor(session, manager, None, name="Unchosen", terms="Trail")
    blogs = {slug: session.exec(select(Blog).where(Blog.blogger_id == make_blogger(session, slug.title(),
                                                                               slug=slug).id)).one()
             for slug in ("rita", "sam", "tom")}
    posts = []
    for slug, day, text, likes in (("rita", 2, "My Trailfox vest", 10), ("rita", 3, "Trailfox again", 0),
                                   ("sam", 9, "Trailfox or Ridgeline?", 5), ("sam", 10, "Ridgeline poles", 85),
                                   ("tom", 20, "Trailfox, a month on", 0)):  # the 20th is out of range
        post = Post(blog_id=blogs[slug].id, key=f"{slug}{day}", url=f"https://{slug}.example/{day}", title=text,
                    text=text, published_at=datetime(2026, 11, day, 12, tzinfo=timezone.utc), likes=likes,
                    comment_count=1)
        session.add(post)
        session.flush()
        posts.append(post.id)
    record_mentions(session, posts)
    session.commit()
    share = share_of_voice(session, [trailfox.id, ridgeline.id], date(2026, 11, 2), date(2026, 11, 15))
    assert share.weeks == [date(2026, 11, 2), date(2026, 11, 9)]
    ridge, trail = share.brands  # by name
    assert (trail.name, trail.mentions, trail.authors, trail.engagement) == ("Trailfox", 3, 2, 10 + 1 + 1 + 5 + 1)
    assert (ridge.name, ridge.mentions, ridge.authors, ridge.engagement) == ("Ridgeline", 2, 1, 5 + 1 + 85 + 1)
    assert (trail.mention_share, ridge.mention_share) == (0.6, 0.4)
    assert round(ridge.engagement_share, 3) == round(92 / 110, 3)
    assert (trail.weekly, ridge.weekly) == ([2, 1], [0, 2])
    assert share_of_voice(session, [], date(2026, 11, 2), date(2026, 11, 15)).brands == []
