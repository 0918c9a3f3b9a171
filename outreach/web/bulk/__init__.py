"""Bulk actions on the pages: many cards of a board, or many blogs of the directory or a
ranking, at once."""

from flask import Blueprint

bp = Blueprint("bulk", __name__)

from outreach.web.bulk import views  # noqa: E402,F401  (routes register on import)
