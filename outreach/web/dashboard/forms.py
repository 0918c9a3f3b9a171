"""The dashboard's filters."""

from __future__ import annotations

from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional, ValidationError


class DashboardFilterForm(Form):
    """The dashboard's filters: a GET form, so no CSRF token."""

    campaign = SelectField("Campaign", coerce=int, default=0)
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])
    staff = SelectField("Staff member", coerce=int, default=0)

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")
