"""Saved views: a person's named searches of a list page, kept as the page's query string."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import SavedView, User, limits_of


class ViewError(Refused):
    """A view that cannot be saved or removed; the message says why."""


def save_view(session: Session, user: User, page: str, name: str, query: str) -> SavedView:
    """Save (or, under a name already used, update) this person's view of a page."""
    name = (name or "").strip()
    if not name:
        raise ViewError("Give the view a name.")
    if len(name) > limits_of(SavedView, "name").max_length or len(query) > limits_of(SavedView, "query").max_length:
        raise ViewError("That name or search is too long to save.")
    view = session.exec(select(SavedView).where(SavedView.user_id == user.id, SavedView.page == page,
                                                SavedView.name == name)).first()
    if view is None:
        view = SavedView(user_id=user.id, page=page, name=name, query=query)
    view.query = query
    session.add(view)
    session.flush()
    audit.record(session, user, "saved_view", "saved_view", view.id, page=page, name=name)
    return view


def delete_view(session: Session, user: User, view: SavedView) -> None:
    """Remove one of this person's views (another person's is refused)."""
    if view.user_id != user.id:
        raise ViewError("Only the person who saved a view removes it.")
    audit.record(session, user, "deleted_view", "saved_view", view.id, page=view.page, name=view.name)
    session.delete(view)


def views_of(session: Session, user_id: int, page: str) -> list[SavedView]:
    """A person's views of a page, by name."""
    return list(session.exec(select(SavedView).where(SavedView.user_id == user_id, SavedView.page == page)
                             .order_by(SavedView.name)))
