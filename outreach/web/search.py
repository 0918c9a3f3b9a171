"""The app's search index: where this app keeps it, and the one a request ranks from."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from sqlmodel import Session

import scoring
from outreach.core.models import Niche
from outreach.core.niches import niche_spec
from outreach.core.search_index import index_dir
from outreach.web.db import get_session
from scoring import Index, IndexMissing, explain_blog
from scoring.rank import NO_BLOGS, NO_POSTS

# The scorer's messages name the commands that help; a person on a page is told of pages and
# buttons instead.
PAGE_MESSAGES = {
    NO_BLOGS: "No blogs yet: add some on the Blogs page (by address, or import a list).",
    NO_POSTS: "No posts yet: the blogs' feeds are read within a few minutes of being added "
              "(or press Refresh now on a blog).",
}
INDEX_NOT_BUILT = ("The search index has not been built yet: it is built after the blogs are first "
                   "read, within a few minutes of adding them.")


def page_message(message: str) -> str:
    """A ranking's message as a page says it: in terms of pages and buttons, not commands."""
    if message in PAGE_MESSAGES:
        return PAGE_MESSAGES[message]
    if "`outreach index`" in message:
        return message.split(" (")[0] + " (blogs added since appear after their next crawl)."
    return message


def app_index_dir(app: Flask | None = None) -> Path:
    """The index folder of this app's instance."""
    return index_dir((app or current_app).instance_path)


def current_index() -> Index:
    """The database's newest published index (loaded once per generation); IndexMissing if none."""
    return scoring.current_index(get_session(), app_index_dir())


def best_post(session: Session, blog_id: int, niche_id: int) -> tuple[str, str] | None:
    """The blog's post that best matches the niche, as the ranking's evidence names it:
    (title, url), or None when the index, the niche or a matching post is missing."""
    niche = session.get(Niche, niche_id)
    if niche is None:
        return None
    try:
        explained = explain_blog(current_index(), niche_spec(session, niche), blog_id)
    except IndexMissing:
        return None
    if explained is None or not explained[2].evidence.best_posts:
        return None
    post = explained[2].evidence.best_posts[0]
    return post.title, post.url
