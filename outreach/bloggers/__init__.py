"""The blogs directory and blogger profiles."""

from flask import Blueprint

bp = Blueprint("bloggers", __name__)

from . import views  # noqa: E402,F401  (routes register on import)
