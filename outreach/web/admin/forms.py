"""Forms of the admin pages."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from outreach.core.event_hooks import EVENTS
from outreach.core.models import ROLES, BlockedDomain, Blogger, EventHook, User
from outreach.core.password_links import NEEDS_MAIL, can_email_links
from outreach.core.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from outreach.web.forms import CheckboxListField, options
from outreach.web.limits import limits

ROLE_OPTIONS = [(role, role.capitalize()) for role in ROLES]


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), *limits(User, "email")])
    name = StringField("Name", validators=[*limits(User, "name")])
    # Staff by default: the least a new colleague needs; an admin raises it on purpose.
    role = SelectField("Role", choices=options(ROLE_OPTIONS), default="staff")
    password = PasswordField(
        "Password", validators=[Optional(), Length(
            MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH,
            message=f"The password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.")],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; they can change it on their account page. "
                    "Leave it empty to invite them by email instead.")
    invite = BooleanField("Email them an invitation to choose their own password",
                          description="The link works for 7 days. Needs a mail server and OUTREACH_BASE_URL.")

    def validate_invite(self, field):
        if field.data and not can_email_links(current_app.config):
            raise ValidationError(f"{NEEDS_MAIL[0].upper()}{NEEDS_MAIL[1:]}; give a password instead.")


class DoNotContactForm(FlaskForm):
    blogger_id = SelectField("Blogger", coerce=int, validators=[DataRequired()])
    reason = StringField("Reason", validators=[*limits(Blogger, "do_not_contact_reason")])


class BlockDomainForm(FlaskForm):
    domain = StringField("Domain", validators=[DataRequired(), Length(max=300)],
                         description="e.g. example.com: its subdomains are blocked too. An address or a link to it works.")
    domain_reason = StringField("Reason", validators=[*limits(BlockedDomain, "reason")])


class HookForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(EventHook, "name")],
                       description="Who receives it, e.g. 'PR channel' or 'CRM'.")
    url = StringField("URL", validators=[DataRequired(), *limits(EventHook, "webhook_url")],
                      description="The https address the events are posted to, as JSON, signed.")
    events = CheckboxListField("Tell it of", choices=options(EVENTS.items()), validators=[DataRequired(
        message="Choose at least one event.")])
