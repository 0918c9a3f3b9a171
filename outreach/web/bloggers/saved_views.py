"""The directory's saved views: a person names the search they are looking at, reopens it
from the list, and shares it by its link (/blogs/views/<id>) with anyone signed in."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Optional

from outreach.core.models import SavedView
from outreach.core.saved_views import ViewError, delete_view, save_view, views_of
from outreach.web.bloggers import bp
from outreach.web.db import get_or_404, get_session
from outreach.web.limits import limits

PAGE = "directory"
# The directory's search fields: a saved view keeps these and nothing else.
SEARCH_KEYS = ("q", "tag", "status", "posted_after", "posted_before", "sort", "niche")


class SaveViewForm(FlaskForm):
    name = StringField("Save this search as", validators=[DataRequired(), *limits(SavedView, "name")])
    query = HiddenField(validators=[Optional(), *limits(SavedView, "query")])


def search_query(pairs) -> str:
    """The directory's search of these (key, value) pairs, as a query string."""
    return urlencode([(key, value) for key, value in pairs if key in SEARCH_KEYS and value])


@bp.route("/blogs/views", methods=["POST"])
def save_directory_view():
    form = SaveViewForm()
    query = search_query(parse_qsl(form.query.data or ""))
    back = url_for("bloggers.directory") + (f"?{query}" if query else "")
    if not form.validate_on_submit():
        flash("Give the view a name (at most 100 characters).", "error")
        return redirect(back)
    try:
        view = save_view(get_session(), current_user, PAGE, form.name.data, query)
    except ViewError as error:
        flash(str(error), "error")
        return redirect(back)
    get_session().commit()
    flash(f"Saved the view {view.name!r}. Its link opens it for anyone signed in.", "success")
    return redirect(back)


@bp.route("/blogs/views/<int:view_id>")
def open_directory_view(view_id: int):
    """A saved view's link: the directory with its search, for whoever follows it."""
    view = get_or_404(get_session(), SavedView, view_id)
    query = search_query(parse_qsl(view.query))
    return redirect(url_for("bloggers.directory") + (f"?{query}" if query else ""))


@bp.route("/blogs/views/<int:view_id>/delete", methods=["POST"])
def delete_directory_view(view_id: int):
    session = get_session()
    view = get_or_404(session, SavedView, view_id)
    try:
        delete_view(session, current_user, view)
    except ViewError as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Removed the view {view.name!r}.", "success")
    return redirect(url_for("bloggers.directory"))


def directory_views_context(session) -> dict:
    """What the directory shows of saved views: the person's own, and the form to save this search."""
    form = SaveViewForm(formdata=None)
    form.query.data = search_query(request.args.items(multi=True))
    return {"saved_views": views_of(session, current_user.id, PAGE), "save_view_form": form}
