"""Niche pages: describe a niche, see bloggers ranked with evidence, shortlist them."""

from flask import Blueprint

bp = Blueprint("niches", __name__, url_prefix="/niches")

from outreach.web.niches import views  # noqa: E402,F401  (routes register on import)
