"""Forms of the campaign pages: validated, and re-shown with the person's input."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from outreach.core.models import PITCH_CHANNELS, SAMPLE_STATUSES
from outreach.core.pitch_templates import MERGE_FIELDS, placeholders
from outreach.web.forms import options

CHANNEL_CHOICES = options((channel, channel.replace("_", " ").capitalize()) for channel in PITCH_CHANNELS)


def split_terms(text: str | None) -> list[str]:
    """'Northbrew, cold brew ,, ' -> ['Northbrew', 'cold brew']"""
    return [term.strip() for term in (text or "").split(",") if term.strip()]


class CampaignForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    brand = StringField("Brand", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    niche_id = SelectField("Niche", coerce=int, validators=[Optional()])
    starts_on = DateField("Starts", validators=[Optional()])
    ends_on = DateField("Ends", validators=[Optional()])
    brand_terms = StringField(
        "Brand and product terms",
        description="Comma-separated; new posts that mention them are proposed as coverage.",
        validators=[Optional(), Length(max=2000)],
    )
    member_ids = SelectMultipleField("Members", coerce=int, validators=[Optional()])
    coverage_stage_kind = SelectField(
        "Confirmed coverage moves the card to",
        choices=options([("covered", "Covered"), ("ongoing", "Ongoing relationship"), ("", "(leave it where it is)")]),
        default="covered",
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The end date is before the start date.")


class MoveForm(FlaskForm):
    stage_id = SelectField("Move to", coerce=int, validators=[InputRequired()])
    version = HiddenField(validators=[InputRequired()])


class StageAddForm(FlaskForm):
    name = StringField("New stage", validators=[DataRequired(), Length(max=100)])


class StageEditForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])


class StageRemoveForm(FlaskForm):
    move_to = SelectField("Move its cards to", coerce=int, validators=[Optional()])


def refuse_placeholders(form, field):
    """A pitch is never saved with a {{ merge field }} still in it."""
    left = placeholders(field.data or "")
    if left:
        names = ", ".join("{{ %s }}" % name for name in left)
        raise ValidationError(f"Fill in {names} before saving: we do not know it for this blogger.")


class PitchForm(FlaskForm):
    template_id = SelectField("Template", coerce=int, validators=[Optional()])
    kind = SelectField("Kind", choices=options([("pitch", "Pitch"), ("follow_up", "Follow-up")]))
    channel = SelectField("Channel", choices=CHANNEL_CHOICES)
    subject = StringField("Subject", validators=[Optional(), Length(max=500), refuse_placeholders])
    message = TextAreaField("Message", validators=[Optional(), Length(max=50_000), refuse_placeholders])
    follow_up_on = DateField("Follow up on", validators=[Optional()])


class PitchTemplateForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    subject = StringField("Subject", validators=[Optional(), Length(max=500)])
    body = TextAreaField("Message", validators=[DataRequired(), Length(max=50_000)])

    def validate_body(self, field):
        unknown = [name for name in placeholders(f"{self.subject.data} {field.data}")
                   if name not in MERGE_FIELDS]
        if unknown:
            raise ValidationError("Unknown merge field: " + ", ".join(unknown)
                                  + ". Known: " + ", ".join(MERGE_FIELDS) + ".")


class ReplyForm(FlaskForm):
    channel = SelectField("Channel", choices=CHANNEL_CHOICES)
    summary = TextAreaField("What they said", validators=[DataRequired(), Length(max=50_000)])
    sentiment = SelectField(
        "Tone", choices=options([("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")])
    )


class SampleForm(FlaskForm):
    item = StringField("Item", validators=[DataRequired(), Length(max=300)])
    quantity = IntegerField("Quantity", default=1, validators=[InputRequired(), NumberRange(1, 100_000)])
    unit_value = DecimalField("Unit value", places=2, default=0,
                              validators=[InputRequired(), NumberRange(0, 10_000_000)])
    currency = StringField("Currency", default="USD", validators=[DataRequired(), Length(min=3, max=3)])
    shipping_address = TextAreaField("Shipping address", validators=[Optional(), Length(max=2000)])
    carrier = StringField("Carrier", validators=[Optional(), Length(max=100)])
    tracking_number = StringField("Tracking number", validators=[Optional(), Length(max=100)])
    sent_on = DateField("Sent", validators=[Optional()])
    received_on = DateField("Received", validators=[Optional()])
    returned_on = DateField("Returned", validators=[Optional()])
    status = SelectField("Status", choices=options((status, status.capitalize()) for status in SAMPLE_STATUSES))

    def validate_received_on(self, field):
        if field.data and self.sent_on.data and field.data < self.sent_on.data:
            raise ValidationError("Received before it was sent?")


class NoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), Length(max=20_000)])


class FollowUpForm(FlaskForm):
    next_follow_up_on = DateField("Next follow-up", validators=[Optional()])
    owner_id = SelectField("Owner", coerce=int, validators=[Optional()])


class CoverageMeasuresForm(FlaskForm):
    """Kaushik's measures of a coverage post, as far as they are known."""

    comments = IntegerField("Comments", validators=[Optional(), NumberRange(0, 10_000_000)])
    shares = IntegerField("Shares", validators=[Optional(), NumberRange(0, 100_000_000)])
    likes = IntegerField("Likes", validators=[Optional(), NumberRange(0, 100_000_000)])
    economic_value = DecimalField("Economic value", places=2, validators=[Optional(), NumberRange(0, 100_000_000)])
