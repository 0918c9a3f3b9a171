"""Saved views in the core: named per person and page, updated under the same name, removed
only by their owner, each change audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.models import AuditEvent, User
from outreach.core.saved_views import ViewError, delete_view, save_view, views_of


def test_save_update_and_delete(session, users):
    manager, staff = session.get(User, users["manager"][0]), session.get(User, users["staff"][0])
    first = save_view(session, manager, "directory", " Coffee ", "q=coffee")
    again = save_view(session, manager, "directory", "Coffee", "q=espresso")
    save_view(session, staff, "directory", "Coffee", "q=tea")
    session.commit()
    assert first.id == again.id and again.query == "q=espresso"
    assert [view.query for view in views_of(session, manager.id, "directory")] == ["q=espresso"]
    with pytest.raises(ViewError, match="Only the person"):
        delete_view(session, staff, first)
    with pytest.raises(ViewError, match="name"):
        save_view(session, manager, "directory", "  ", "")
    with pytest.raises(ViewError, match="too long"):
        save_view(session, manager, "directory", "x" * 101, "")
    delete_view(session, manager, first)
    session.commit()
    assert views_of(session, manager.id, "directory") == []
    actions = session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["saved_view", "saved_view", "saved_view", "deleted_view"]
