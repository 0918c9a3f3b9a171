"""Forms of the mail pages; limits read from the models."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from outreach.core.mail.compose import valid_address
from outreach.core.models import TLS_MODES, Mailbox, OutboxMessage, SequenceStep
from outreach.core.time_zones import DEFAULT_ZONE, ZONE_NAMES
from outreach.web.forms import CheckboxListField, LocalDateTimeField, options
from outreach.web.limits import limits

TLS_CHOICES = options([("implicit", "TLS from the start (usually port 465 / 993)"),
                       ("starttls", "STARTTLS (usually port 587 / 143)"),
                       ("none", "None (only for a host an admin allowed)")])
assert [choice.value for choice in TLS_CHOICES] == list(TLS_MODES)


class MailboxForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(Mailbox, "name")],
                       description="How the mailbox is called in the app, e.g. \"My work mail\".")
    email_address = StringField("Email address", validators=[DataRequired(), *limits(Mailbox, "email_address")])
    display_name = StringField("Sender name", validators=[Optional(), *limits(Mailbox, "display_name")])
    username = StringField("User name", validators=[DataRequired(), *limits(Mailbox, "username")])
    password = PasswordField("Password", validators=[Optional(), Length(max=500)],
                             description="Stored encrypted and never shown again; leave empty to keep the current one.")
    smtp_host = StringField("SMTP server", validators=[DataRequired(), *limits(Mailbox, "smtp_host")])
    smtp_port = IntegerField("SMTP port", default=465, validators=[InputRequired(), *limits(Mailbox, "smtp_port")])
    smtp_tls = SelectField("SMTP security", choices=TLS_CHOICES, default="implicit")
    imap_host = StringField("IMAP server", validators=[Optional(), *limits(Mailbox, "imap_host")],
                            description="Where replies are read; empty reads none.")
    imap_port = IntegerField("IMAP port", default=993, validators=[InputRequired(), *limits(Mailbox, "imap_port")])
    imap_tls = SelectField("IMAP security", choices=TLS_CHOICES, default="implicit")
    daily_limit = IntegerField("Messages a day at most", default=100,
                               validators=[InputRequired(), *limits(Mailbox, "daily_limit")])
    window_start_hour = IntegerField("Send from (hour)", default=8,
                                     validators=[InputRequired(), *limits(Mailbox, "window_start_hour")])
    window_end_hour = IntegerField("Send until (hour)", default=18,
                                   validators=[InputRequired(), *limits(Mailbox, "window_end_hour")])
    time_zone = SelectField("On the clock of", choices=ZONE_NAMES, default=DEFAULT_ZONE,
                            description="The time zone of the sending hours, and of the day the daily limit counts.")
    send_on_weekends = BooleanField("Send on Saturdays and Sundays too", default=True)
    signature = TextAreaField("Signature", validators=[Optional(), *limits(Mailbox, "signature")],
                              render_kw={"rows": 4},
                              description="Added under every email sent from this mailbox, after a \"-- \" line.")
    copy_to_sent = BooleanField("Keep a copy of each email sent in its Sent folder", default=True,
                                description="So that your mail app shows what went. Gmail and Microsoft 365 "
                                            "keep one themselves: untick it for them.")
    shared = BooleanField("The team's mailbox (for everyone without their own)")

    def validate_email_address(self, field):
        if not valid_address(field.data or ""):
            raise ValidationError("Not an email address.")


class ConnectProviderForm(FlaskForm):
    shared = BooleanField("As the team's mailbox")


class PlaintextHostForm(FlaskForm):
    host = StringField("Host", validators=[DataRequired(), Length(max=253)])


class SendForm(FlaskForm):
    mailbox_id = SelectField("From", coerce=int)
    template_id = SelectField("Template", coerce=int, validators=[Optional()])
    to_address = StringField("To", validators=[DataRequired(), *limits(OutboxMessage, "to_address")])
    subject = StringField("Subject", validators=[DataRequired(), *limits(OutboxMessage, "subject")])
    body = TextAreaField("Message", validators=[DataRequired(), *limits(OutboxMessage, "body")],
                         render_kw={"rows": 12})
    attach = CheckboxListField("Attach", coerce=int, validators=[Optional()],
                               description="The campaign's files; add more on its Files page.")
    contact_again = BooleanField("Contact again anyway (pitched recently)")
    send_at = LocalDateTimeField("Send at", validators=[Optional()],
                                 description="Empty: now. Either way it goes within the mailbox's sending hours.")

    def validate_to_address(self, field):
        if not valid_address(field.data or ""):
            raise ValidationError("Not an email address.")


class QueuedForm(FlaskForm):
    subject = StringField("Subject", validators=[DataRequired(), *limits(OutboxMessage, "subject")])
    body = TextAreaField("Message", validators=[DataRequired(), *limits(OutboxMessage, "body")],
                         render_kw={"rows": 10})
    send_after = LocalDateTimeField("Send after", validators=[Optional()])


class StepForm(FlaskForm):
    position = IntegerField("Step", validators=[InputRequired(), *limits(SequenceStep, "position")],
                            description="2 is the first follow-up: the pitch is step 1.")
    delay_days = IntegerField("Days after the pitch", default=4,
                              validators=[InputRequired(), *limits(SequenceStep, "delay_days")])
    working_days = BooleanField("Count working days only (Monday to Friday)",
                                description="A pitch of Friday and 2 working days: the step goes on Tuesday.")
    subject = StringField("Subject", validators=[Optional(), *limits(SequenceStep, "subject")],
                          description="Empty: \"Re:\" and the pitch's subject, in the same thread.")
    body = TextAreaField("Message", validators=[DataRequired(), *limits(SequenceStep, "body")],
                         description="Merge fields such as {{ first_name }} are filled when the pitch goes out.")
