"""Forms of the listening pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional

from outreach.core.models import PLATFORMS, MonitorBase
from outreach.web.forms import CheckboxListField, DateRangeForm, options
from outreach.web.limits import limits


class MonitorForm(FlaskForm):
    name = StringField("Brand", validators=[DataRequired(), *limits(MonitorBase, "name")],
                       description="The name the monitor goes by, e.g. 'Trailfox'.")
    terms = StringField("Terms", validators=[DataRequired(), Length(max=5000)],
                        description="Comma-separated: the brand's names, products and phrases. Any case; accents "
                                    "do not matter; whole words only.")
    exclusions = StringField("Exclusions", validators=[Optional(), Length(max=5000)],
                             description="Comma-separated phrases that are not the brand, e.g. 'trail fox sightings'.")
    webhook_url = URLField("Webhook", validators=[Optional(), *limits(MonitorBase, "webhook_url")],
                           description="Optional: each mention is posted there as JSON, signed with the monitor's "
                                       "secret (header X-Outreach-Signature).")
    quiet = BooleanField("Quiet: one digest a day instead of an alert per crawl")
    watcher_ids = CheckboxListField("Watchers", coerce=int, validators=[Optional()])


class MentionFilterForm(DateRangeForm):
    """The mentions page's filters: a GET form, so no CSRF token."""

    monitor = SelectField("Monitor", coerce=int, default=0)
    platform = SelectField("Source", default="",
                           choices=options([("", "Any")] + [(name, name.capitalize()) for name in PLATFORMS]))


class ShareOfVoiceForm(DateRangeForm):
    """The brands to compare (their monitors) and the days: a GET form, so no CSRF token."""

    monitors = CheckboxListField("Brands (monitors)", coerce=int, validators=[Optional()])
