"""Candidate blogs from the links in known blogs' stored posts."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.candidates import discover_from_posts
from outreach.core.models import BlogCandidate, Post
from tests.factories import Collection


def test_a_candidate_counts_the_blogs_that_link_it_once_each(session):
    collection = Collection(session)
    links = {"Ann": ["http://shared.example/"], "Ben": ["http://shared.example/", "http://only-ben.example/"],
             "Cy": []}
    for name, targets in links.items():
        blog = collection.blog(name, ["cooking"] * 3)
        for post in session.exec(select(Post).where(Post.blog_id == blog.id)):
            post.content_html = "".join(f'<a href="{target}">a friend</a>' for target in targets)
    session.commit()
    for _ in range(2):  # a second run over the same blogs sees no new blog linking them
        discover_from_posts(session, None)
        session.commit()
    seen = dict(session.exec(select(BlogCandidate.url, BlogCandidate.times_seen)).all())
    assert seen == {"http://shared.example/": 2, "http://only-ben.example/": 1}
