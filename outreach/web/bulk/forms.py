"""The bulk bar's form: which action, and the one parameter it needs."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import InputRequired, Optional

from outreach.core.models import Blogger
from outreach.web.limits import limits


class BulkForm(FlaskForm):
    """The items are the checked boxes (entry=<id>:<version> or blog_id=<id>), read beside it."""

    action = StringField(validators=[InputRequired()])
    stage_id = IntegerField("Move to", validators=[Optional()])
    owner_id = IntegerField("Owner", validators=[Optional()])
    follow_up_on = DateField("Follow up on", validators=[Optional()])
    campaign_id = IntegerField("Campaign", validators=[Optional()])
    reason = StringField("Reason", validators=[Optional(), *limits(Blogger, "do_not_contact_reason")])


def checked_entries(values: list[str]) -> dict[int, int | None] | None:
    """The checked cards as entry id -> the version the board showed, or None when one is garbled."""
    versions: dict[int, int | None] = {}
    for value in values:
        entry_id, _, version = value.partition(":")
        if not entry_id.isdigit() or (version and not version.isdigit()):
            return None
        versions[int(entry_id)] = int(version) if version else None
    return versions


def checked_blogs(values: list[str]) -> list[int] | None:
    """The checked blogs' ids, or None when one is garbled."""
    if not all(value.isdigit() for value in values):
        return None
    return [int(value) for value in values]
