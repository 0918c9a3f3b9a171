"""The bulk bar's form: which action, and the one parameter it needs."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from outreach.core.models import MAX_ID, Blogger
from outreach.web.forms import LocalDateTimeField
from outreach.web.limits import limits


class BulkForm(FlaskForm):
    """The items are the checked boxes (entry=<id>:<version> or blog_id=<id>), read beside it."""

    action = StringField(validators=[InputRequired()])
    stage_id = IntegerField("Move to", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    owner_id = IntegerField("Owner", validators=[Optional(), NumberRange(min=0, max=MAX_ID)])
    follow_up_on = DateField("Follow up on", validators=[Optional()])
    campaign_id = IntegerField("Campaign", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    reason = StringField("Reason", validators=[Optional(), *limits(Blogger, "do_not_contact_reason")])
    template_id = IntegerField("Template", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    mailbox_id = IntegerField("Send from", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    send_at = LocalDateTimeField("Send at", validators=[Optional()])




def is_id(text: str) -> bool:
    return text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID


def checked_entries(values: list[str]) -> dict[int, int | None] | None:
    """The checked cards as entry id -> the version the board showed, or None when one is garbled."""
    versions: dict[int, int | None] = {}
    for value in values:
        entry_id, _, version = value.partition(":")
        if not is_id(entry_id) or (version and not is_id(version)):
            return None
        versions[int(entry_id)] = int(version) if version else None
    return versions


def checked_blogs(values: list[str]) -> list[int] | None:
    """The checked blogs' ids, or None when one is garbled."""
    if not all(is_id(value) for value in values):
        return None
    return [int(value) for value in values]
