"""Pitch templates: list, create, edit, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit
from outreach.core.models import PitchTemplate, utcnow
from outreach.core.pitch_templates import known_merge_fields
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import PitchTemplateForm
from outreach.web.campaigns.queries import get_template_or_404
from outreach.web.db import get_session


@bp.route("/templates/", methods=["GET", "POST"])
@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
def pitch_templates(template_id: int | None = None):
    session = get_session()
    template = get_template_or_404(session, template_id) if template_id else None
    form = PitchTemplateForm(obj=template)
    form.known_merge_fields = known_merge_fields(session)
    if form.validate_on_submit():
        name = form.name.data.strip()
        clash = session.exec(select(PitchTemplate).where(PitchTemplate.name == name)).first()
        if clash is not None and clash is not template:
            form.name.errors.append(f"A template named {name!r} already exists.")
        else:
            if template is None:
                template = PitchTemplate(created_by_id=current_user.id)
            template.name, template.subject, template.body = name, form.subject.data or "", form.body.data
            template.updated_at = utcnow()
            session.add(template)
            session.flush()
            audit.record(session, current_user, "saved_template", "pitch_template", template.id, name=name)
            session.commit()
            flash(f"Template {name!r} saved.", "success")
            return redirect(url_for("campaigns.pitch_templates"))
    templates = session.exec(select(PitchTemplate).order_by(PitchTemplate.name)).all()
    status = 400 if form.errors else 200
    return render_template("campaigns/templates.html", form=form, template=template,
                           templates=templates, merge_fields=form.known_merge_fields), status


@bp.route("/templates/<int:template_id>/delete", methods=["POST"])
def delete_pitch_template(template_id: int):
    session = get_session()
    template = get_template_or_404(session, template_id)
    audit.record(session, current_user, "deleted_template", "pitch_template", template.id, name=template.name)
    session.delete(template)
    session.commit()
    flash(f"Template {template.name!r} deleted.", "success")
    return redirect(url_for("campaigns.pitch_templates"))
