"""The account pages' forms: a new personal API token, a new password, the emails wanted, the time zone."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from outreach.core.models import ApiToken
from outreach.core.time_zones import ZONE_NAMES
from outreach.core.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from outreach.web.limits import limits


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[DataRequired(), *limits(ApiToken, "name")],
                       description="What the token is for, e.g. 'reporting script'.")


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField("New password", validators=[DataRequired(), Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)],
                        description=f"At least {MIN_PASSWORD_LENGTH} characters. Every other session of yours ends.")
    again = PasswordField("New password again", validators=[DataRequired(), EqualTo("new", "The two differ.")])


class EmailsForm(FlaskForm):
    email_digest = BooleanField("Each morning, the follow-ups due on my entries")
    email_weekly_report = BooleanField("Each Monday, last week's numbers of every campaign (managers and admins)")
    email_alerts = BooleanField("Alerts: new mentions of brands I watch, blogger messages waiting for an answer, "
                                "new blogs found for my niches")


class TimeZoneForm(FlaskForm):
    time_zone = SelectField("Time zone", choices=ZONE_NAMES,
                            description="The app shows times on this clock, reads the times you enter on it, "
                                        "and counts \"today\" and \"overdue\" by it.")
