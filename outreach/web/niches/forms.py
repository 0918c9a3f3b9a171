"""The niche form: what a PR team writes to describe the bloggers it wants."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from outreach.core.models import Niche, NicheSeed
from outreach.core.niches import format_keywords, parse_keywords
from outreach.core.terms import split_terms
from outreach.web.forms import options
from outreach.web.limits import limits


class NicheForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), *limits(Niche, "name")])
    brief = TextAreaField("Brief", validators=[DataRequired(), *limits(Niche, "brief")],
                          description="What the bloggers you want write about, in the words they would use, e.g. "
                                      "'trail running, ultramarathons and race gear'. Words of asking "
                                      "('we want bloggers who...') are left out of the match.")
    keywords = StringField("Keywords", validators=[Optional(), Length(max=2000)],
                           description="Comma-separated; weight one with a colon, e.g. 'espresso:2, grinder'.")
    exclusions = StringField("Exclusions", validators=[Optional(), Length(max=2000)],
                             description="Comma-separated terms that push a blogger down (a competitor, an off-brand topic).")
    seed_urls = TextAreaField("Seed URLs", validators=[Optional(), Length(max=10_000)],
                              description="One per line: posts that show what on-topic means, a blog's address "
                                          "(its newest posts), or any page (read by the next crawl).")
    seed_texts = TextAreaField("Seed text", validators=[Optional(), *limits(NicheSeed, "text")],
                               description="Or paste an example of on-topic writing.")
    discover_every = SelectField(
        "Look for new blogs", coerce=int, default=0,
        choices=options([(0, "Only when I ask"), (7, "Every week"), (30, "Every month")]),
        description="Discovery for this niche runs again on its own, and you hear of the new blogs that would "
                    "rank in its top 10.")

    def fill_from(self, niche) -> None:
        """Show a saved niche's keywords and exclusions as a person types them; no seeds to add yet."""
        self.keywords.data = format_keywords(niche.keywords)
        self.exclusions.data = ", ".join(niche.exclusions)
        self.seed_urls.data = self.seed_texts.data = ""
        self.discover_every.data = niche.discover_every_days or 0

    def niche_fields(self) -> dict:
        """What the form says, as the core's create_niche and update_niche take it (may raise NicheError)."""
        return {
            "keywords": parse_keywords(self.keywords.data or ""),
            "exclusions": split_terms(self.exclusions.data),
            "seed_urls": [line for line in (self.seed_urls.data or "").splitlines() if line.strip()],
            "seed_texts": [self.seed_texts.data] if (self.seed_texts.data or "").strip() else [],
            "discover_every_days": self.discover_every.data or 0,
        }
