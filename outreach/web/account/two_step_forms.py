"""The two-step sign-in forms of the account pages: setting it up, new recovery codes, turning it off."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from outreach.core.users import MAX_PASSWORD_LENGTH

CODE_HINTS = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}


def password_field() -> PasswordField:
    return PasswordField("Your password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                         render_kw={"autocomplete": "current-password"})


class SetupForm(FlaskForm):
    code = StringField("Code from the app", validators=[DataRequired(), Length(max=40)],
                       description="The six digits the app shows for Outreach once it has the key.",
                       render_kw=CODE_HINTS)
    password = password_field()


class RecoveryCodesForm(FlaskForm):
    password = password_field()


class TurnOffForm(FlaskForm):
    code = StringField("Code from the app, or a recovery code", validators=[DataRequired(), Length(max=40)],
                       render_kw=CODE_HINTS)
    password = password_field()
