"""The role rules on pages: a view decorator, and the same rules for templates to ask."""

from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Flask, abort
from flask_login import current_user

from outreach.core.access import can_manage, is_admin
from outreach.core.models import User


def require(rule: Callable[[User], bool]):
    """Answer 403 unless the signed-in user passes the rule (e.g. can_manage)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not rule(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def init_app(app: Flask) -> None:
    app.add_template_global(can_manage, "can_manage")
    app.add_template_global(is_admin, "is_admin")
