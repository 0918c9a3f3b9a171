"""The dashboard's filters."""

from __future__ import annotations

from wtforms import SelectField

from outreach.web.forms import DateRangeForm


class DashboardFilterForm(DateRangeForm):
    """The dashboard's filters: the days, and which campaign and whose work."""

    campaign = SelectField("Campaign", coerce=int, default=0)
    staff = SelectField("Staff member", coerce=int, default=0)
