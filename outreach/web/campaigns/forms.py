"""Forms of the campaign pages: validated, and re-shown with the person's input."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from outreach.core.models import (
    PITCH_CHANNELS,
    SAMPLE_STATUSES,
    Campaign,
    Coverage,
    DeliverableBase,
    FeeBase,
    Note,
    PitchBase,
    PitchTemplate,
    Reply,
    SampleBase,
    Stage,
)
from outreach.core.note_mentions import HINT as MENTION_HINT
from outreach.core.pitch_templates import MERGE_FIELDS, placeholders
from outreach.web.forms import CheckboxListField, options
from outreach.web.limits import limits


def cents_at_most(field) -> None:
    """A sum of money is kept to the cent: 12.345 is refused, not rounded behind the person's back."""
    if field.data is not None and field.data.is_finite() and field.data.as_tuple().exponent < -2:
        raise ValidationError("At most two decimals, e.g. 12.50.")


CHANNEL_CHOICES = options((channel, channel.replace("_", " ").capitalize()) for channel in PITCH_CHANNELS)


class CampaignForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(Campaign, "name")])
    brand = StringField("Brand", validators=[Optional(), *limits(Campaign, "brand")])
    description = TextAreaField("Description", validators=[Optional(), *limits(Campaign, "description")])
    niche_id = SelectField("Niche", coerce=int, validators=[Optional()])
    starts_on = DateField("Starts", validators=[Optional()])
    ends_on = DateField("Ends", validators=[Optional()])
    brand_terms = StringField(
        "Brand and product terms",
        description="Comma-separated; new posts that mention them are proposed as coverage.",
        validators=[Optional(), Length(max=2000)],
    )
    brand_sites = StringField(
        "Brand's sites",
        description="Comma-separated, e.g. northbrew.example; confirmed coverage is checked weekly for a link to one.",
        validators=[Optional(), Length(max=2000)],
    )
    avoid_terms = StringField(
        "Words the brand avoids",
        description="Comma-separated: a competitor, a subject, language the brand will not be seen beside. Each "
                    "blogger's newest posts that use them are shown on their card's page before anyone pitches.",
        validators=[Optional(), Length(max=2000)],
    )
    coverage_goal = IntegerField("Coverage goal", validators=[Optional(), *limits(Campaign, "coverage_goal")],
                                 description="How many coverage posts the campaign sets out to win; empty for none.")
    budget = DecimalField("Budget for fees", places=2, validators=[Optional(), *limits(Campaign, "budget")],
                          description="What the brand set aside for bloggers' fees; empty for none.")
    budget_currency = StringField("Budget's currency", validators=[Optional(), Length(min=3, max=3)],
                                  description="Three letters, e.g. EUR; new fees start in it.")
    pitches_need_approval = BooleanField("Staff's pitches wait for a manager's approval",
                                         description="Approved or sent back in the mail queue, before they go.")
    member_ids = CheckboxListField("Members", coerce=int, validators=[Optional()],
                                   description="Staff work only the campaigns they are members of.")
    coverage_stage_kind = SelectField(
        "Confirmed coverage moves the card to",
        choices=options([("covered", "Covered"), ("ongoing", "Ongoing relationship"), ("", "(leave it where it is)")]),
        default="covered",
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The end date is before the start date.")

    def validate_budget(self, field):
        cents_at_most(field)
        if field.data is not None and not (self.budget_currency.data or "").strip():
            raise ValidationError("Say which currency the budget is in.")

    def validate_budget_currency(self, field):
        if field.data and not (field.data.isascii() and field.data.isalpha()):
            raise ValidationError("Three letters, e.g. EUR.")


class CopyCampaignForm(FlaskForm):
    name = StringField("Name of the new campaign", validators=[DataRequired(), *limits(Campaign, "name")])
    bloggers = SelectField("Bloggers to bring", default="none", choices=options([
        ("none", "None: start with an empty board"),
        ("won", "Those it won (Covered or Ongoing relationship now)"),
        ("all", "Every one, each shortlisted afresh")]))


class MoveForm(FlaskForm):
    stage_id = SelectField("Move to", coerce=int, validators=[InputRequired()])
    version = HiddenField(validators=[InputRequired()])


class StageAddForm(FlaskForm):
    name = StringField("New stage", validators=[DataRequired(), *limits(Stage, "name")])


class StageEditForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(Stage, "name")])


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
    subject = StringField("Subject", validators=[Optional(), *limits(PitchBase, "subject"), refuse_placeholders])
    message = TextAreaField("Message", validators=[Optional(), *limits(PitchBase, "message"), refuse_placeholders])
    follow_up_on = DateField("Follow up on", validators=[Optional()],
                             description="Leave empty to keep the follow-up already planned.")

    def validate(self, extra_validators=None) -> bool:
        """Each field alone may be empty (Optional stops its own checks), but not both."""
        valid = super().validate(extra_validators)
        if not (self.subject.data or "").strip() and not (self.message.data or "").strip():
            self.subject.errors = [*self.subject.errors,
                                   "Write a subject or a message: an empty pitch is not logged."]
            return False
        return valid


class PitchTemplateForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(PitchTemplate, "name")])
    subject = StringField("Subject", validators=[Optional(), *limits(PitchTemplate, "subject")])
    body = TextAreaField("Message", validators=[DataRequired(), *limits(PitchTemplate, "body")])

    known_merge_fields = MERGE_FIELDS  # the view sets the team's fields' too (known_merge_fields())

    def validate_body(self, field):
        unknown = [name for name in placeholders(f"{self.subject.data} {field.data}")
                   if name not in self.known_merge_fields]
        if unknown:
            raise ValidationError("Unknown merge field: " + ", ".join(unknown)
                                  + ". Known: " + ", ".join(self.known_merge_fields) + ".")


class ReplyForm(FlaskForm):
    channel = SelectField("Channel", choices=CHANNEL_CHOICES)
    summary = TextAreaField("What they said", validators=[DataRequired(), *limits(Reply, "summary")])
    sentiment = SelectField(
        "Tone", choices=options([("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")])
    )


class SampleForm(FlaskForm):
    item = StringField("Item", validators=[DataRequired(), *limits(SampleBase, "item")])
    quantity = IntegerField("Quantity", default=1, validators=[InputRequired(), *limits(SampleBase, "quantity")])
    unit_value = DecimalField("Unit value", places=2, default=0,
                              validators=[InputRequired(), *limits(SampleBase, "unit_value")])
    currency = StringField("Currency", default="USD", validators=[DataRequired(), *limits(SampleBase, "currency")],
                           description="Three letters, e.g. USD or EUR.")
    shipping_address = TextAreaField("Shipping address", validators=[Optional(), *limits(SampleBase, "shipping_address")])
    carrier = StringField("Carrier", validators=[Optional(), *limits(SampleBase, "carrier")])
    tracking_number = StringField("Tracking number", validators=[Optional(), *limits(SampleBase, "tracking_number")])
    sent_on = DateField("Sent", validators=[Optional()])
    received_on = DateField("Received", validators=[Optional()])
    returned_on = DateField("Returned", validators=[Optional()])
    status = SelectField("Status", choices=options((status, status.capitalize()) for status in SAMPLE_STATUSES))

    def validate_received_on(self, field):
        if field.data and self.sent_on.data and field.data < self.sent_on.data:
            raise ValidationError("Received before it was sent?")


class FeeForm(FlaskForm):
    description = StringField("What it pays for", validators=[DataRequired(), *limits(FeeBase, "description")],
                              description="e.g. One sponsored review post, or a video and two stories.")
    amount = DecimalField("Amount", places=2, validators=[InputRequired(), *limits(FeeBase, "amount")])
    currency = StringField("Currency", default="USD", validators=[DataRequired(), *limits(FeeBase, "currency")],
                           description="Three letters, e.g. USD or EUR.")
    agreed_on = DateField("Agreed on", validators=[Optional()], description="Today if left empty.")
    due_on = DateField("Due", validators=[Optional()], description="When it is to be paid, if agreed.")
    invoice_reference = StringField("Invoice reference", validators=[Optional(), *limits(FeeBase, "invoice_reference")])

    def validate_amount(self, field):
        cents_at_most(field)

    def validate_due_on(self, field):
        if field.data and self.agreed_on.data and field.data < self.agreed_on.data:
            raise ValidationError("Due before it was agreed?")


class DeliverableForm(FlaskForm):
    description = StringField("What they will publish", validators=[DataRequired(), *limits(DeliverableBase, "description")],
                              description="e.g. A review post, or a video and two stories.")
    due_on = DateField("By", validators=[Optional()], description="The day it is due, if agreed.")


class CampaignFileForm(FlaskForm):
    file = FileField("File", description="A press release, a lookbook, a price list: a PDF, an image, an office "
                                         "document, text or a zip file.")


class GiveAddressForm(FlaskForm):
    name = StringField("Name on the parcel", validators=[Optional(), Length(max=200)])
    address = TextAreaField("Address", validators=[DataRequired("Write the address the parcel goes to."),
                                                   Length(max=1800)],
                            render_kw={"rows": 5, "autocomplete": "street-address"},
                            description="Street and number, postcode and town, country.")
    note = TextAreaField("Anything we should know", validators=[Optional(), Length(max=1000)],
                         render_kw={"rows": 3}, description="A size or a colour, a phone number for the courier.")


class NoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), *limits(Note, "body")], description=MENTION_HINT)


class FollowUpForm(FlaskForm):
    next_follow_up_on = DateField("Next follow-up", validators=[Optional()])
    owner_id = SelectField("Owner", coerce=int, validators=[Optional()])


class CoverageForm(FlaskForm):
    """Coverage a person found themselves, by its address."""

    url = StringField("Address of the post", validators=[DataRequired(), *limits(Coverage, "url")],
                      description="A post, video or episode that names the brand, on their site or another.")
    title = StringField("Title", validators=[Optional(), *limits(Coverage, "title")],
                        description="Read from the page at the next crawl if left empty.")


class CoverageMeasuresForm(FlaskForm):
    """Kaushik's measures of a coverage post, as far as they are known."""

    comments = IntegerField("Comments", validators=[Optional(), *limits(Coverage, "comments")])
    shares = IntegerField("Shares", validators=[Optional(), *limits(Coverage, "shares")])
    likes = IntegerField("Likes", validators=[Optional(), *limits(Coverage, "likes")])
    economic_value = DecimalField("Economic value", places=2, validators=[Optional(), *limits(Coverage, "economic_value")])
