"""The life of campaigns, blogs and niches on the pages: archive and restore a campaign;
delete or merge a campaign, a blog or a niche (admins), each after a page of counts."""

from flask import Blueprint

bp = Blueprint("lifecycle", __name__)

from outreach.web.lifecycle import views  # noqa: E402,F401  (routes register on import)
