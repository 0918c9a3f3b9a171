"""Forms of the directory and profile pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from outreach.core.models import RELATIONSHIP_STATUSES, Blog, Note
from outreach.core.note_mentions import HINT as MENTION_HINT
from outreach.core.relationships import FOLLOW_PIPELINE
from outreach.web.forms import options
from outreach.web.limits import limits

STATUS_LABELS = {status: status.replace("_", " ").capitalize() for status in RELATIONSHIP_STATUSES}
FOLLOW_PIPELINE_LABEL = "Follow the pipeline"


class DirectorySearchForm(Form):
    """The directory's search: a GET form, so no CSRF token."""

    q = StringField("Name or URL", validators=[Optional(), Length(max=200)])
    tag = StringField("Tag", validators=[Optional(), Length(max=100)])
    status = SelectField("Relationship", choices=options([("", "Any")] + list(STATUS_LABELS.items())),
                         default="")
    language = SelectField("Language", default="", validate_choice=False, validators=[Optional(), Length(max=8)],
                           description="The language of the blog's recent posts, as the crawler reads it.")
    custom_field = SelectField("Field", coerce=int, default=0, validate_choice=False,
                               description="One of the team's fields on bloggers.")
    custom_value = StringField("Field's value", validators=[Optional(), Length(max=1000)],
                               description="A choice, words in the text, a number at least this, or a day "
                                           "(YYYY-MM-DD) on or after it; empty: any value.")
    posted_after = DateField("Posted since", validators=[Optional()])
    posted_before = DateField("Posted before", validators=[Optional()])
    sort = SelectField("Sort by", choices=options([("name", "Name"), ("recent", "Last post"),
                                                   ("added", "Recently added")]), default="name")
    niche = SelectField("Sort by score for niche", coerce=int, default=0)


class FieldForm(FlaskForm):
    """A new field on every blogger's profile."""

    name = StringField("Name", validators=[DataRequired(), Length(max=100)],
                       description="e.g. Rate for a post, Audience, Shoe size for samples.")
    kind = SelectField("Holds", choices=options([("text", "Text"), ("number", "A number"),
                                                 ("choice", "One of a list"), ("date", "A day")]), default="text")
    choices = TextAreaField("Choices", validators=[Optional(), Length(max=20_000)],
                            description="For a list: one choice a line.")


class FieldEditForm(FlaskForm):
    """A field's new name, and a list's choices."""

    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    choices = TextAreaField("Choices", validators=[Optional(), Length(max=20_000)],
                            description="One choice a line. A choice some bloggers have stays until their values change.")


class RelationshipForm(FlaskForm):
    relationship_status = SelectField(
        "Relationship", choices=options([(FOLLOW_PIPELINE, FOLLOW_PIPELINE_LABEL)] + [
            (key, label) for key, label in STATUS_LABELS.items() if key != "do_not_contact"]))


class BloggerNoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), *limits(Note, "body")], description=MENTION_HINT)


class AddBlogForm(FlaskForm):
    url = StringField("Homepage or feed URL", validators=[DataRequired(), *limits(Blog, "feed_url")],
                      description="A blog, a newsletter (Substack, Ghost, Medium...), a YouTube channel, a podcast, "
                                  "or a Mastodon or Bluesky profile.")
    tags = StringField("Tags", validators=[Optional(), Length(max=500)], description="Comma-separated.")


class ImportForm(FlaskForm):
    file = FileField("OPML or CSV file", validators=[FileRequired()])


class MergeForm(FlaskForm):
    other = StringField("Another blogger's channel", validators=[DataRequired(), *limits(Blog, "feed_url")],
                        description="The address of one of their channels (blog, YouTube channel, podcast, "
                                    "account) or of their profile here.")


class DiscoverForm(FlaskForm):
    """Find candidate blogs in the links of the blogs that rank best for a niche."""

    niche_id = SelectField("From the best-ranked blogs of the niche", coerce=int, validators=[DataRequired()])


class CandidatesForm(FlaskForm):
    """Accept, reject or read again the checked candidates (candidate=<id>, read beside it)."""

    action = SelectField(choices=options([("accept", "Add as blogs"), ("reject", "Reject"), ("reread", "Read again")]),
                         validators=[DataRequired()])
