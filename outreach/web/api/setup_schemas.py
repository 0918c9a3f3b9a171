"""Bodies of the API's setting up: a niche described (brief, keywords, exclusions, seeds) and a
campaign's settings and members, with the same limits as their forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from outreach.core.models import MAX_ID, Campaign, Niche, NicheSeed, Stage, limits_of
from outreach.core.niches import MAX_DISCOVERY_INTERVAL, MAX_WEIGHT
from outreach.web.api.schemas import FEE_SCHEMA, Changes, NicheOut, Output, Strict, fee_text

Term = Annotated[str, Field(min_length=1, max_length=200)]
SeedUrl = Annotated[str, Field(min_length=1, max_length=limits_of(NicheSeed, "url").max_length)]
SeedText = Annotated[str, Field(min_length=1, max_length=limits_of(NicheSeed, "text").max_length)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
NICHE_NAME = limits_of(Niche, "name").max_length
NICHE_BRIEF = limits_of(Niche, "brief").max_length
STAGE_NAME = limits_of(Stage, "name").max_length


class KeywordIn(Strict):
    term: Term
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT, description="How much it counts; 1 as much as a brief's word.")


class NicheFields(Strict):
    """What describes a niche besides its name and brief; every field optional."""

    keywords: Optional[list[KeywordIn]] = Field(default=None, max_length=50)
    exclusions: Optional[list[Term]] = Field(default=None, max_length=50, description=(
        "Terms that push a blogger down (a competitor, an off-brand topic)."))
    discover_every_days: Optional[int] = Field(default=None, ge=0, le=MAX_DISCOVERY_INTERVAL, description=(
        "Look for new blogs every this many days; 0: only when asked."))


class NicheCreate(NicheFields):
    """A niche: what the bloggers a brand wants write about."""

    name: str = Field(min_length=1, max_length=NICHE_NAME)
    brief: str = Field(min_length=1, max_length=NICHE_BRIEF, description=(
        "What the bloggers write about, in their words; words of asking ('we want bloggers who...') are left out."))
    seed_urls: list[SeedUrl] = Field(default=[], max_length=20, description=(
        "Posts that show what on-topic means, a blog's address (its newest posts), or any page (read by the next crawl)."))
    seed_texts: list[SeedText] = Field(default=[], max_length=5, description="Examples of on-topic writing.")


class NicheUpdate(NicheFields, Changes):
    """Change only what is given."""

    name: Optional[str] = Field(default=None, min_length=1, max_length=NICHE_NAME)
    brief: Optional[str] = Field(default=None, min_length=1, max_length=NICHE_BRIEF)
    add_seed_urls: list[SeedUrl] = Field(default=[], max_length=20)
    add_seed_texts: list[SeedText] = Field(default=[], max_length=5)
    remove_seed_ids: list[Id] = Field(default=[], max_length=100)


class SeedOut(Output):
    id: int
    url: str
    text_words: int = Field(description="Words of its text as read (a pasted example, or the page's or post's).")
    state: str = Field(description="What became of it, in a few words.")


class NicheSaved(NicheOut):
    seeds: list[SeedOut] = []
    warning: Optional[str] = Field(default=None, description=(
        "Why its ranking will be empty, when no indexed post uses its words (another language, a typo); or "
        "that its brief is written in a language none of the blogs writes in."))


class NicheRemoved(Output):
    id: int
    name: str
    campaigns: int = Field(description="Campaigns that used it: they keep running without a niche.")
    seeds: int = Field(description="Its seed examples, deleted with it.")
    verdicts: int = Field(description="Its blogs marked a good fit or not a fit, deleted with it.")


Currency = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]
Budget = Annotated[Decimal, BeforeValidator(fee_text), WithJsonSchema(FEE_SCHEMA)]


class CampaignFields(Strict):
    """A campaign's settings, as its form has them; every field optional."""

    brand: Optional[str] = Field(default=None, max_length=limits_of(Campaign, "brand").max_length)
    description: Optional[str] = Field(default=None, max_length=limits_of(Campaign, "description").max_length)
    niche_id: Optional[Id] = Field(default=None, description="The niche its bloggers are ranked for; null: none.")
    starts_on: Optional[date] = None
    ends_on: Optional[date] = None
    brand_terms: Optional[list[Term]] = Field(default=None, max_length=50, description=(
        "New posts that mention them are proposed as coverage."))
    brand_sites: Optional[list[Term]] = Field(default=None, max_length=50, description=(
        "The brand's sites (northbrew.example): confirmed coverage is checked weekly for a link to one."))
    avoid_terms: Optional[list[Term]] = Field(default=None, max_length=50, description=(
        "Words the brand avoids: bloggers' newest posts that use them are shown before a pitch."))
    coverage_stage_kind: Optional[Literal["covered", "ongoing", ""]] = Field(default=None, description=(
        "Where confirmed coverage moves the card; \"\": it stays where it is."))
    coverage_goal: Optional[int] = Field(default=None, ge=1, le=100_000)
    budget: Optional[Budget] = Field(default=None, description="What the brand set aside for fees; needs a currency.")
    budget_currency: Optional[Currency] = None
    pitches_need_approval: Optional[bool] = Field(default=None, description=(
        "Staff's pitches wait for a manager's approval before they go."))
    member_ids: Optional[list[Id]] = Field(default=None, max_length=500, description=(
        "Exactly who works it (staff see only their campaigns); its creator stays one."))


class CampaignCreate(CampaignFields):
    """A campaign with the default stages."""

    name: str = Field(min_length=1, max_length=limits_of(Campaign, "name").max_length)


class CampaignUpdate(CampaignFields, Changes):
    """Change only what is given; null clears a field that may be empty."""

    name: Optional[str] = Field(default=None, min_length=1, max_length=limits_of(Campaign, "name").max_length)


class StageCreate(Strict):
    """A new last column on the campaign's board."""

    name: str = Field(min_length=1, max_length=STAGE_NAME)


class StageUpdate(Strict):
    """Rename a stage or put it elsewhere on the board (0 the first); only what is given."""

    name: Optional[str] = Field(default=None, min_length=1, max_length=STAGE_NAME)
    position: Optional[int] = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def something_to_change(self):
        if self.name is None and self.position is None:
            raise ValueError("Give a name or a position.")
        return self


class StageRemoval(Strict):
    move_to: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description=(
        "The stage of the same campaign its cards move to; needed when it holds any."))
