"""The team's own fields on bloggers: the list managers keep, and each profile's values."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import func, select

from outreach.core.access import can_manage
from outreach.core.custom_fields import (
    FieldRefused,
    add_field,
    all_fields,
    change_field,
    remove_field,
    set_values,
    value_count,
)
from outreach.core.models import CustomField, CustomValue
from outreach.web.bloggers import bp
from outreach.web.bloggers.forms import FieldEditForm, FieldForm
from outreach.web.bloggers.queries import get_blogger_or_404
from outreach.web.bloggers.views import profile_context
from outreach.web.db import get_or_404, get_session


@bp.route("/bloggers/fields", methods=["GET", "POST"])
def fields():
    """The fields every blogger's profile has, with how many bloggers have a value; managers add them."""
    session = get_session()
    form = FieldForm()
    status = 200
    if request.method == "POST":
        if not can_manage(current_user):
            flash("Only managers and admins add fields.", "error")
            return redirect(url_for("bloggers.fields"))
        if form.validate_on_submit():
            try:
                field = add_field(session, current_user, form.name.data, form.kind.data,
                                  (form.choices.data or "").split("\n"))
                session.commit()
            except FieldRefused as error:
                session.rollback()
                form.name.errors.append(str(error))
            else:
                flash(f"Every blogger's profile now has {field.name!r}.", "success")
                return redirect(url_for("bloggers.fields"))
        status = 400
    counts = dict(session.exec(select(CustomValue.field_id, func.count()).group_by(CustomValue.field_id)).all())
    return render_template("bloggers/fields.html", form=form, fields=all_fields(session), counts=counts,
                           may_manage=can_manage(current_user)), status


@bp.route("/bloggers/fields/<int:field_id>/edit", methods=["GET", "POST"])
def edit_field(field_id: int):
    """Rename a field, or change a list's choices (managers)."""
    session = get_session()
    field = get_or_404(session, CustomField, field_id)
    if not can_manage(current_user):
        flash("Only managers and admins change fields.", "error")
        return redirect(url_for("bloggers.fields"))
    form = FieldEditForm(data={"name": field.name, "choices": "\n".join(field.choices)} if request.method == "GET"
                         else None)
    if form.validate_on_submit():
        try:
            change_field(session, current_user, field, form.name.data, (form.choices.data or "").splitlines())
            session.commit()
        except FieldRefused as error:
            session.rollback()
            form.name.errors.append(str(error))
        else:
            flash(f"Saved {field.name!r}.", "success")
            return redirect(url_for("bloggers.fields"))
    status = 400 if request.method == "POST" else 200
    return render_template("bloggers/field_edit.html", form=form, custom=field), status


@bp.route("/bloggers/fields/<int:field_id>/remove", methods=["POST"])
def remove_field_page(field_id: int):
    """Remove a field and its values, once the person confirmed how many go."""
    session = get_session()
    field = get_or_404(session, CustomField, field_id)
    counted = value_count(session, field)
    if request.form.get("values") != str(counted):
        flash(f"{field.name!r} now holds {counted} values: confirm again to remove them.", "error")
        return redirect(url_for("bloggers.fields"))
    try:
        removed = remove_field(session, current_user, field)
        session.commit()
    except FieldRefused as error:
        flash(str(error), "error")
    else:
        flash(f"Removed {field.name!r} and its {removed} values.", "success")
    return redirect(url_for("bloggers.fields"))


@bp.route("/bloggers/<int:blogger_id>/fields", methods=["POST"])
def set_fields(blogger_id: int):
    """Save the profile's values of the team's fields; a value a field does not take changes nothing."""
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    typed = {field.id: request.form.get(f"field-{field.id}", "") for field in all_fields(session)
             if f"field-{field.id}" in request.form}
    try:
        changed = set_values(session, current_user, blogger, typed)
        session.commit()
    except FieldRefused as error:
        session.rollback()
        flash(f"Nothing was saved. {error}", "error")
        return render_template("bloggers/profile.html", field_input=typed,
                               **profile_context(session, blogger)), 400
    flash(f"Saved: {', '.join(changed)}." if changed else "Nothing changed.", "success")
    return redirect(url_for("bloggers.profile", blogger_id=blogger.id, _anchor="details"))
