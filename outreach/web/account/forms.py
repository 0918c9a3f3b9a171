"""The account page's form: a new personal API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from outreach.core.models import ApiToken
from outreach.web.limits import limits


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[DataRequired(), *limits(ApiToken, "name")],
                       description="What the token is for, e.g. 'reporting script'.")
