"""One person, several channels: merging another blogger's channels into this one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core.bloggers import blogger_labels
from outreach.core.channels import MergeRefused, find_blogger, merge_bloggers
from outreach.web.bloggers import bp
from outreach.web.bloggers.forms import MergeForm
from outreach.web.bloggers.queries import get_blogger_or_404
from outreach.web.bloggers.views import profile_context
from outreach.web.db import get_session


@bp.route("/bloggers/<int:blogger_id>/merge", methods=["POST"])
def merge(blogger_id: int):
    """Bring another blogger's channels, contacts, notes and entries under this one; audited."""
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    form = MergeForm(prefix="merge")
    if not form.validate_on_submit():
        flash("Enter the address of the other blogger's channel or profile.", "error")
        return render_template("bloggers/profile.html", **{**profile_context(session, blogger),
                                                            "merge_form": form}), 400
    try:
        other_id = find_blogger(session, form.other.data)
        get_blogger_or_404(session, other_id)
        merged_name = blogger_name(session, other_id)
        merge_bloggers(session, blogger.id, other_id, current_user, "merged by hand")
    except MergeRefused as error:
        session.rollback()
        flash(f"Not merged: {error}.", "error")
        return render_template("bloggers/profile.html", **{**profile_context(session, blogger),
                                                            "merge_form": form}), 400
    session.commit()
    flash(f"Merged {merged_name}: their channels are now this blogger's.", "success")
    return redirect(url_for("bloggers.profile", blogger_id=blogger.id))


def blogger_name(session, blogger_id: int) -> str:
    return blogger_labels(session, [blogger_id]).get(blogger_id, (f"blogger {blogger_id}", ""))[0]
