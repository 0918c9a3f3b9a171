"""The sign-in forms: email and password, then the second step's code."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from outreach.core.models import User
from outreach.core.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from outreach.web.limits import limits


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), *limits(User, "email")])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    remember = BooleanField("Keep me signed in on this device")



class CodeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=40)],
                       description="The six digits your authenticator app shows now, or one of your recovery codes.",
                       render_kw={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                  "autocapitalize": "off"})


class ForgotForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), *limits(User, "email")],
                       render_kw={"autocomplete": "username", "autofocus": True})


class ChoosePasswordForm(FlaskForm):
    new = PasswordField("New password", validators=[DataRequired(), Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)],
                        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
                        render_kw={"autocomplete": "new-password"})
    again = PasswordField("New password again", validators=[DataRequired(), EqualTo("new", "The two differ.")],
                          render_kw={"autocomplete": "new-password"})
