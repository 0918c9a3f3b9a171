"""Request and response bodies of the JSON API; the OpenAPI document is built from them."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    model_validator,
)
from sqlmodel import SQLModel

from outreach.core.event_hooks import EVENTS
from outreach.core.models import (
    COVERAGE_STATUSES,
    FEE_STATUSES,
    MAX_ID,
    PITCH_CHANNELS,
    PLATFORMS,
    RELATIONSHIP_STATUSES,
    SAMPLE_STATUSES,
    Blog,
    Coverage,
    DeliverableBase,
    EventHook,
    FeeBase,
    PitchBase,
    SampleBase,
    limits_of,
)
from outreach.web.forms import MAX_PAGE

Channel = Literal[PITCH_CHANNELS]  # type: ignore[valid-type]
SampleStatus = Literal[SAMPLE_STATUSES]  # type: ignore[valid-type]
FeeStatus = Literal[FEE_STATUSES]  # type: ignore[valid-type]
FeeChange = Literal["invoiced", "paid", "cancelled"]
# A status chosen by hand, or "pipeline" to let the pipeline set it again.
Relationship = Literal[tuple(status for status in RELATIONSHIP_STATUSES if status != "do_not_contact")  # type: ignore[valid-type]
                       + ("pipeline",)]


class Strict(BaseModel):
    """Input: unknown fields are refused, so a typo is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Changes(Strict):
    """A PATCH body: only what is given changes, and an empty one is refused."""

    @model_validator(mode="after")
    def something_to_change(self):
        if not self.model_fields_set:
            raise ValueError("Give at least one field to change.")
        return self


def input_model(base: type[SQLModel], name: str, doc: str, **overrides) -> type[Strict]:
    """A Strict input model with the fields and limits a model's *Base declares (plus overrides).

    Plain pydantic, not a SQLModel subclass: SQLModel's classes ignore the strict=True that
    parse_body validates with, and would take "1" for a number.
    """
    fields = {name: (info.annotation, info) for name, info in base.model_fields.items()}
    fields.update(overrides)
    return create_model(name, __base__=Strict, __doc__=doc, **fields)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Error(BaseModel):
    error: str = Field(description="What went wrong, in one sentence.")
    details: Optional[list[dict]] = Field(default=None, description="Per-field problems, when there are any.")


class Me(Output):
    id: int
    email: str
    name: str
    role: str
    time_zone: str  # their pages' clock; the API's own times are always UTC, with the zone written


class Page(Strict):
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=50, ge=1, le=200)


LANGUAGE_DESCRIPTION = "An ISO 639 code (de, en, yue): the language the blog's recent posts are written in."


class BlogQuery(Page):
    q: str = Field(default="", max_length=200, description="Text in the title, homepage or blogger name.")
    tag: str = Field(default="", max_length=100)
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$", description=LANGUAGE_DESCRIPTION)


class BlogOut(Output):
    id: int
    title: str
    homepage_url: str
    feed_url: str
    blogger_id: Optional[int]
    status: str
    last_post_at: Optional[datetime]
    last_fetched_at: Optional[datetime]
    error_count: int
    last_error: str
    platform: str = Field(default="blog", description="What publishes the feed: blog, newsletter, youtube, "
                                                      "podcast, mastodon or bluesky.")
    language: Optional[str] = Field(default=None, description=LANGUAGE_DESCRIPTION + " Empty when too little "
                                                              "text says; null until the crawler has read it.")
    followers: Optional[int] = Field(default=None, description="As the platform's open API gave them; never "
                                                               "used in ranking.")
    followers_read_at: Optional[datetime] = None
    api_status: str = Field(default="", description="The platform's open API: ok, limited, refused, gone, error.")
    engagement: Optional[dict] = Field(default=None, description=(
        "Kaushik's rates per post over recent posts (conversation, amplification, applause, views), "
        "with their sources and when they were read."))

    @model_validator(mode="before")
    @classmethod
    def engagement_of_channel(cls, value):
        """The channel's engagement, as each crawl keeps it among its details."""
        if isinstance(value, Blog):
            fields = {name: getattr(value, name) for name in cls.model_fields if name != "engagement"}
            return {**fields, "engagement": (value.details or {}).get("engagement")}
        return value


class BlogCreate(Strict):
    url: str = Field(min_length=1, max_length=limits_of(Blog, "feed_url").max_length,
                     description="Homepage or feed URL, or a channel's or profile's address (YouTube, a podcast, "
                                 "Mastodon, Bluesky, Substack...); the next crawl finds the feed.")
    tags: list[str] = Field(default_factory=list, max_length=20)


class BlogList(BaseModel):
    items: list[BlogOut]
    page: int
    per_page: int
    total: int = Field(description="Matches, counted up to 1,001.")


class ContactOut(Output):
    kind: str
    value: str
    source_url: str
    found_by: str


class BloggerOut(Output):
    id: int
    name: str
    location: str
    about: str
    audience_size: Optional[int] = Field(description="Followers as stated; never used in ranking.")
    relationship_status: str
    relationship_set_by_hand: bool = Field(description="False while the status follows the pipeline.")
    do_not_contact: bool
    contacts: list[ContactOut] = []
    blog_ids: list[int] = Field(default=[], description="The person's channels: blogs, videos, shows, accounts.")
    engagement: Optional[dict] = Field(default=None, description=(
        "Kaushik's rates per post over the latest posts of all their channels, with sources and read time."))
    fields: dict[str, str] = Field(default={}, description="The team's own fields that have a value, by name.")


class BloggerUpdate(Strict):
    relationship_status: Optional[Relationship] = None
    fields: Optional[dict[Annotated[str, Field(max_length=100)], Optional[Annotated[str, Field(max_length=1000)]]]] = Field(
        default=None, max_length=50, description="Values of the team's own fields, by name; null or \"\" clears one.")

    @model_validator(mode="after")
    def something_to_change(self):
        if self.relationship_status is None and self.fields is None:
            raise ValueError("Give relationship_status, fields, or both.")
        return self


class CustomFieldCreate(Strict):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["text", "number", "choice", "date"] = "text"
    choices: list[Annotated[str, Field(max_length=1000)]] = Field(default=[], max_length=50, description=(
        "What a field of kind choice takes: 2 to 50 different choices."))


class CustomFieldRemoval(Strict):
    values: int = Field(ge=0, le=MAX_ID, description="How many values it holds, as last read: removing a field "
                                                     "that holds more or fewer is refused (409).")


class CustomFieldOut(Output):
    id: int
    name: str
    kind: Literal["text", "number", "choice", "date"]
    choices: list[str] = Field(description="What a field of kind choice takes; empty for the others.")


class NicheOut(Output):
    id: int
    name: str
    brief: str
    keywords: list[dict]
    exclusions: list[str]
    discover_every_days: Optional[int] = Field(description="Discovery runs again every this many days; "
                                                       "null: only when asked.")


class StageOut(Output):
    id: int
    name: str
    position: int
    kind: str


class CampaignOut(Output):
    id: int
    name: str
    brand: str
    description: str
    niche_id: Optional[int]
    starts_on: Optional[date]
    ends_on: Optional[date]
    brand_terms: list[str]
    brand_sites: list[str] = Field(description="The brand's sites (hosts) that confirmed coverage is checked for links to.")
    avoid_terms: list[str] = Field(default=[], description="Words the brand avoids: bloggers' newest posts that use "
                                                           "them are shown before a pitch.")
    is_archived: bool
    coverage_goal: Optional[int] = Field(default=None, description="How many coverage posts it sets out to win.")
    budget: Optional[Decimal] = Field(default=None, description="What the brand set aside for bloggers' fees.")
    budget_currency: str = Field(default="", description="The budget's currency (ISO 4217), empty without a budget.")
    stages: list[StageOut] = []


class EntryOut(Output):
    id: int
    campaign_id: int
    blogger_id: int
    stage_id: int
    owner_id: Optional[int]
    score: Optional[float]
    next_follow_up_on: Optional[date]
    last_contact_at: Optional[datetime]
    version: int = Field(description="Send it back when you change the entry: a stale one is refused.")


class EntryQuery(Strict):
    stage_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)


class EntryCreate(Strict):
    blogger_id: int = Field(ge=1, le=MAX_ID)
    score: Optional[float] = Field(default=None, ge=0, le=100)


class EntryUpdate(Strict):
    version: int = Field(ge=1, le=MAX_ID, description="The version you read; a newer one means someone else changed it.")
    stage_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)
    next_follow_up_on: Optional[date] = None
    owner_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)


class PitchOut(Output):
    id: int
    entry_id: int
    is_follow_up: bool
    channel: str
    subject: str
    message: str
    sent_at: datetime
    sent_by_id: Optional[int]
    follow_up_on: Optional[date]
    outcome: str
    template_id: Optional[int] = Field(default=None, description="The pitch template it was written from.")


PitchCreate = input_model(PitchBase, "PitchCreate", "A pitch or follow-up to log.", channel=(Channel, "email"),
                          template_id=(Optional[int], Field(default=None, description=(
                              "The id of the pitch template it was written from, for the templates' report."))))


class SampleOut(Output):
    id: int
    entry_id: int
    item: str
    quantity: int
    unit_value: Decimal
    currency: str
    carrier: str
    tracking_number: str
    sent_on: Optional[date]
    received_on: Optional[date]
    returned_on: Optional[date]
    status: str
    shipping_address: str = ""
    address_given_at: Optional[datetime] = Field(default=None, description="When the blogger gave the address "
                                                                            "through the link that asked for it.")


class AddressLinkOut(BaseModel):
    link: str = Field(description="The private link to send the blogger; shown this once. Asking again stops it.")
    expires_at: datetime


CoverageStatus = Literal[COVERAGE_STATUSES]  # type: ignore[valid-type]
LinkStatus = Literal["", "linked", "no_link", "gone", "error"]


class CoverageOut(Output):
    id: int
    entry_id: int
    url: str
    title: str
    excerpt: str
    matched_terms: list[str]
    status: CoverageStatus
    found_at: datetime
    decided_at: Optional[datetime]
    comments: Optional[int]
    shares: Optional[int]
    likes: Optional[int]
    economic_value: Optional[Decimal]
    link_status: LinkStatus = Field(description="The last weekly check for a link to the campaign's brand_sites: "
                                                "empty when not checked, linked, no_link, gone (404/410) or error.")
    links_found: list[str]
    link_checked_at: Optional[datetime]
    disclosure: Optional[str] = Field(default=None, description=(
        "The disclosure the post makes of being paid or gifted (\"sponsored\", \"#ad\"), from its text and "
        "its live page: empty when none was found, null when not read."))


class CoverageCreate(Strict):
    url: str = Field(min_length=1, max_length=limits_of(Coverage, "url").max_length,
                     description="The post's, video's or episode's address; a page that is not one of the "
                                 "blogger's stored posts is read at the next crawl for its title and disclosure.")
    title: str = Field(default="", max_length=limits_of(Coverage, "title").max_length)


class CoverageQuery(Strict):
    status: Optional[CoverageStatus] = None


class FeeQuery(Strict):
    status: Optional[FeeStatus] = None


# What SampleBase.unit_value takes (0 to 10,000,000, in cents at most), as a number or as text.
MONEY_TEXT = r"^(10000000(\.0{1,2})?|[0-9]{1,7}(\.[0-9]{1,2})?)$"
MONEY_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 10_000_000, "multipleOf": 0.01},
                          {"type": "string", "pattern": MONEY_TEXT}]}


def money_text(value):
    """A sum as the document states it: a number, or text of digits with at most two decimals
    ("1e3" is not); read as the Decimal it names."""
    if isinstance(value, str):
        if not re.match(MONEY_TEXT, value):
            raise ValueError("a sum is digits with at most two decimals, from 0 to 10000000")
        return Decimal(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))  # the shortest text of the float: 12.55, not 12.5500000000000007105
    return value


unit_value_field = SampleBase.model_fields["unit_value"]
SampleCreate = input_model(
    SampleBase, "SampleCreate", "A product sample to record.", status=(SampleStatus, "planned"),
    unit_value=(Annotated[Decimal, BeforeValidator(money_text), WithJsonSchema(MONEY_SCHEMA)], unit_value_field))



class ApprovalDecision(Strict):
    """A manager's decision on a pitch waiting for approval."""

    decision: Literal["approve", "send_back"]
    note: str = Field(default="", max_length=1000, description="What to change: needed to send it back.")


class DeliverableOut(Output):
    id: int
    entry_id: int
    description: str
    due_on: Optional[date]
    status: Literal["planned", "published", "cancelled"]
    coverage_id: Optional[int] = Field(description="The confirmed coverage post that delivered it, once published.")
    published_on: Optional[date]


DeliverableCreate = input_model(DeliverableBase, "DeliverableCreate", "What the entry's blogger agreed to publish.")


class DeliverableMove(Strict):
    due_on: Optional[date] = Field(description="The new day it is due; null: no day agreed.")


class DeliverableChange(Strict):
    status: Literal["published", "cancelled"]
    coverage_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description=(
        "With published: the entry's confirmed coverage post that delivered it."))


class FeeOut(Output):
    id: int
    entry_id: int
    description: str
    amount: Decimal
    currency: str
    status: str = Field(description="agreed, invoiced, paid or cancelled.")
    agreed_on: date
    due_on: Optional[date]
    invoiced_on: Optional[date]
    paid_on: Optional[date]
    invoice_reference: str


# A fee is up to 100,000,000, in cents at most, as a number or as text.
FEE_TEXT = r"^(100000000(\.0{1,2})?|[0-9]{1,8}(\.[0-9]{1,2})?)$"
FEE_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100_000_000, "multipleOf": 0.01},
                        {"type": "string", "pattern": FEE_TEXT}]}


def fee_text(value):
    """A fee as the document states it, like money_text but up to 100,000,000."""
    if isinstance(value, str):
        if not re.match(FEE_TEXT, value):
            raise ValueError("a sum is digits with at most two decimals, from 0 to 100000000")
        return Decimal(value)
    return money_text(value)


FeeCreate = input_model(
    FeeBase, "FeeCreate", "A fee agreed with the entry's blogger.",
    amount=(Annotated[Decimal, BeforeValidator(fee_text), WithJsonSchema(FEE_SCHEMA)], FeeBase.model_fields["amount"]),
    agreed_on=(Optional[date], Field(default=None, description="The day it was agreed; the token holder's today when left out.")))


class FeeStatusChange(Strict):
    """Mark a fee invoiced, paid or cancelled."""

    status: FeeChange
    on: Optional[date] = Field(default=None, description="The day it happened; the token holder's today when left out.")
    invoice_reference: str = Field(default="", max_length=limits_of(FeeBase, "invoice_reference").max_length)


class RankingQuery(Strict):
    top: int = Field(default=20, ge=1, le=500)
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$", description=(
        "Only the blogs writing in this language (an ISO 639 code), each scored as among all."))


class RankedOut(BaseModel):
    blog_id: int
    name: str
    url: str
    feed_url: str
    score: float = Field(description="0-100; 50 means a clear, recurring interest in the niche.")
    evidence: dict
    fit: Optional[bool] = Field(default=None, description="A person's mark: true a good fit, false not a fit "
                                                          "(the pages hide those), null unmarked.")


class FitSet(Strict):
    fit: Optional[bool] = Field(description="true: a good fit; false: not a fit; null: clear the mark. The "
                                            "ranking leans toward what good fits write and away from the others.")


class FitOut(BaseModel):
    niche_id: int
    blog_id: int
    fit: Optional[bool]


class RankingOut(BaseModel):
    items: list[RankedOut]
    ranked: int = Field(description="Blogs with posts, all scored.")
    without_posts: int
    message: str = Field(description="Why nothing could be ranked, when that is so.")


class SimilarQuery(Strict):
    top: int = Field(default=10, ge=1, le=100)


class LookalikeOut(BaseModel):
    blog_id: int
    name: str
    url: str
    feed_url: str
    score: float = Field(description="0-100: how alike the two blogs' recent writing is, in words and in meaning.")
    evidence: dict = Field(description="The words the two share (matched_terms), the word and meaning closeness "
                                       "(topical_match, meaning_match, 0-1) and the lookalike's activity.")


class LookalikesOut(BaseModel):
    items: list[LookalikeOut]
    ranked: int = Field(description="Other blogs with posts alike in some way.")
    message: str = Field(description="Why none could be compared, when that is so.")


class CandidateFitOut(BaseModel):
    score: float = Field(description="0-100, as the ranking scores the directory's blogs.")
    place: int = Field(description="Where it would rank, 1-based, among the directory's ranked blogs.")
    of: int = Field(description="The directory's ranked blogs, and itself.")
    terms: list[str] = Field(description="The niche's words its posts use most.")


class CandidatePostOut(BaseModel):
    title: str
    url: str
    published: Optional[str] = Field(description="ISO 8601, when the feed gives it.")


class CandidatePreviewOut(BaseModel):
    feed_url: str = Field(description="The feed found from its address; empty when none was.")
    title: str = Field(description="The feed's title.")
    error: str = Field(description="Why it could not be read, when that is so.")
    posts: list[CandidatePostOut] = Field(description="Its newest posts.")
    fits: dict[str, CandidateFitOut] = Field(description="Where it would rank, by niche id, when read.")


class CandidateOut(Output):
    id: int
    url: str
    site: str
    found_on_blog_id: Optional[int] = Field(description="The known blog whose link proposed it first.")
    found_how: str = Field(description="blogroll or post link")
    times_seen: int = Field(description="How many known blogs link it.")
    status: str = Field(description="proposed, accepted or rejected")
    read_at: Optional[datetime] = Field(description="When the crawl read its feed; null until then.")
    preview: Optional[CandidatePreviewOut] = Field(description="What its feed showed; null until read.")


class CandidateQuery(Page):
    niche_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID,
                                    description="Only the candidates a discovery for this niche found.")


class CandidateList(BaseModel):
    items: list[CandidateOut]
    page: int
    per_page: int


class DiscoverCreate(Strict):
    niche_id: int = Field(ge=1, le=MAX_ID, description="The niche whose best-ranked blogs' links are read.")


class DiscoverOut(BaseModel):
    items: list[CandidateOut] = Field(description="The new candidates.")
    sources: int = Field(description="How many of the niche's best-ranked blogs were read.")
    message: str = Field(description="Why none could be read, when that is so.")


# A JSON Schema cannot bound a date, but a pattern can say which years the report takes.
REPORT_YEARS = {"pattern": r"^(20[0-9]{2}|2100)-", "description": "From 2000-01-01 to 2100-12-31."}


class ReportDays(Strict):
    """The days a report covers, each optional."""

    start: Optional[date] = Field(default=None, ge=date(2000, 1, 1), le=date(2100, 12, 31),
                                  json_schema_extra=REPORT_YEARS)
    end: Optional[date] = Field(default=None, ge=date(2000, 1, 1), le=date(2100, 12, 31),
                                json_schema_extra=REPORT_YEARS)


class ReportQuery(ReportDays):
    campaign_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)
    staff_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)


class FunnelStepOut(BaseModel):
    stage: str
    current: int
    reached: int
    conversion_to_next: Optional[float]


class FeeTotalOut(BaseModel):
    currency: str
    fees: int = Field(description="Fees agreed in the range, cancelled ones left out.")
    committed: Decimal = Field(description="Agreed, invoiced or paid.")
    paid: Decimal
    to_pay: Decimal
    overdue: Decimal = Field(description="Not paid though their due day has passed.")
    overdue_fees: int


class ReportOut(BaseModel):
    entries: int
    pitched: int
    replied: int
    won: int
    reply_rate: Optional[float]
    win_rate: Optional[float]
    median_days_to_first_reply: Optional[float]
    median_days_in_stage: dict[str, float]
    overdue_follow_ups: int
    samples_sent: int
    samples_received: int
    samples_outstanding: int
    samples_outstanding_value: Decimal = Field(description="Across currencies; see the per-currency sums.")
    samples_value: Decimal = Field(description="Across currencies; see the per-currency sums.")
    samples_outstanding_by_currency: dict[str, Decimal]
    samples_value_by_currency: dict[str, Decimal]
    coverage_won: int
    coverage_proposed: int
    funnel: list[FunnelStepOut]
    activity: list[dict]
    templates: list[dict] = Field(description=(
        "Per pitch template (template_id null: written without one), the entries whose first pitch in the range "
        "was written from it: pitched, replied, reply_rate, won, win_rate, median_days_to_first_reply."))
    fee_totals: list[FeeTotalOut] = Field(description="Fees agreed in the range, per currency.")
    posts_agreed: int = Field(description="Deliverables the bloggers agreed to and have not published yet.")
    posts_published: int = Field(description="Deliverables published in the range.")
    posts_late: int = Field(description="Deliverables not published by their day.")


class BloggerExportOut(Output):
    """Everything stored about a blogger, for their request to see it."""

    exported_at: str
    person: dict
    contacts: list[dict]
    blogs: list[dict] = Field(description="Each channel with its tags and posts.")
    notes: list[dict]
    campaign_entries: list[dict] = Field(description="Each with its stage history, pitches, replies, samples, "
                                                     "coverage and notes.")


class ForgetCountsOut(Output):
    counts: dict[str, int] = Field(description="What forgetting the blogger deletes, by kind.")


class ForgetConfirm(Strict):
    counts: dict[str, int] = Field(description="The counts GET answered: the blogger is forgotten only if they "
                                               "still hold.")


class ForgottenOut(Output):
    blogger_id: int
    deleted: dict[str, int]


class MailboxOut(Output):
    """A mailbox the token's owner may send from (their own, or the team's), and how it is doing."""

    id: int
    name: str
    email_address: str
    team: bool = Field(description="The team's mailbox, for everyone without their own.")
    signs_in_with: Optional[str] = Field(description="google or microsoft when signed in at its provider; null: a password.")
    connected: bool = Field(description="Switched on, with a password or tokens stored.")
    copy_to_sent: bool = Field(description="A copy of each email sent goes to its Sent folder.")
    sent_today: int = Field(description="Emails sent since midnight on the mailbox's clock.")
    daily_limit: int
    resting_until: Optional[datetime] = Field(description="Sends nothing until then: its provider's sending limit.")
    login_refused_since: Optional[datetime] = Field(description="Since when its logins are refused; null while they work.")
    last_read_at: Optional[datetime]
    last_error: str


class EmailCreate(Strict):
    """An email to queue from an entry: a pitch, or with reply_id an answer in that reply's thread."""

    subject: str = Field(min_length=1, max_length=500)
    body: str = Field(min_length=1, max_length=50_000)
    to_address: Optional[str] = Field(default=None, max_length=320, description=(
        "Default: the address the reply came from (an answer), else the blogger's first working address."))
    mailbox_id: Optional[int] = Field(default=None, description="Default: the token's owner's own mailbox, else the team's.")
    template_id: Optional[int] = Field(default=None, description="The pitch template it was written from, for the templates' report.")
    send_at: Optional[AwareDatetime] = Field(default=None, description="When to send (with its time zone); default now.")
    reply_id: Optional[int] = Field(default=None, description="The blogger's message (read from a mailbox) this answers.")
    contact_again: bool = Field(default=False, description="Pitch although the blogger was pitched within the guard's days.")
    attachments: list[int] = Field(default=[], max_length=10, description=(
        "Ids of the campaign's files to attach (GET /campaigns/{id}/files); 15 MB in all at most."))


class AttachmentOut(Output):
    file_id: Optional[int] = Field(description="The campaign's file; null once it was removed.")
    name: str
    size: int


class CampaignFileOut(Output):
    id: int
    campaign_id: int
    name: str
    content_type: str = Field(description="From the kind its content was checked to be, never from the upload.")
    size: int
    uploaded_by_id: Optional[int]
    created_at: datetime


class CampaignFileContent(CampaignFileOut):
    content_base64: str = Field(description="Its content in base64, as it was added.")


class CampaignFileCreate(Strict):
    """A file for the campaign's emails to attach: a PDF, an image, an office document, text or a zip file."""

    name: str = Field(min_length=1, max_length=200, description="Its name with its ending, e.g. press-release.pdf.")
    content_base64: str = Field(min_length=1, max_length=14_000_000, description="Its content in base64; 10 MB at most.")


class EmailOut(Output):
    id: int
    entry_id: int
    mailbox_id: int
    message_id: str
    in_reply_to: str
    to_address: str
    subject: str
    body: str
    step: int = Field(description="1 the pitch (or an answer), 2 and on the follow-up sequence's steps.")
    is_answer: bool
    status: str = Field(description="scheduled, queued, sending, sent, failed, unsure, paused, cancelled or "
                                    "awaiting_approval (a staff member's pitch in a campaign whose pitches a manager "
                                    "approves).")
    send_after: datetime
    sent_at: Optional[datetime]
    last_error: str
    template_id: Optional[int]
    attachments: list[AttachmentOut] = Field(default=[], description="The campaign's files it carries.")


class BlockedDomainCreate(Strict):
    """A domain the team never emails; its subdomains are blocked too."""

    domain: str = Field(min_length=1, max_length=300, description="e.g. example.com; an address at it or a link to it works too.")
    reason: str = Field(default="", max_length=500)


class BlockedDomainQuery(Strict):
    domain: str = Field(min_length=1, max_length=300, description="e.g. example.com, written as it may be added.")


class BlockedDomainOut(Output):
    domain: str = Field(description="Lower case, in its IDNA (xn--) form, without www.")
    reason: str
    added_at: datetime


class ShareQuery(ReportDays):
    monitors: Optional[str] = Field(default=None, pattern=r"^[0-9]{1,9}(,[0-9]{1,9}){0,9}$", description=(
        "Comma-separated ids of the monitors to compare, at most 10; every active monitor's (the first 10) when "
        "left out."))


class BrandVoiceOut(BaseModel):
    monitor_id: int
    name: str
    mentions: int
    authors: int = Field(description="Distinct people (a channel without a known person counts as one).")
    engagement: int = Field(description="Comments, shares and likes of the posts that mention the brand.")
    mention_share: Optional[float]
    engagement_share: Optional[float]
    weekly: list[int] = Field(description="Mentions per week, one per `weeks`.")


class ShareOut(BaseModel):
    start: date
    end: date
    weeks: list[date] = Field(description="The Monday of each week charted (at most 104).")
    brands: list[BrandVoiceOut]


class MonitorOut(Output):
    id: int
    name: str
    terms: list[str] = Field(description="Brand names, products and phrases, each matched as a whole phrase.")
    exclusions: list[str] = Field(description="Phrases whose occurrences do not count.")
    quiet: bool = Field(description="Its watchers get one digest a day rather than an alert a crawl.")
    is_active: bool
    mentions: int = Field(default=0, description="Mentions found so far.")
    created_at: datetime


class MentionQuery(Page, ReportDays):
    monitor_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID)
    platform: Optional[Literal[PLATFORMS]] = None  # type: ignore[valid-type]


class MentionOut(BaseModel):
    id: int
    monitor_id: int
    monitor_name: str
    matched_terms: list[str]
    excerpt: str = Field(description="The passage that names the brand, as plain text.")
    published_at: datetime
    found_at: datetime
    post_id: int
    post_url: str
    post_title: str
    blog_id: int
    blog_title: str
    platform: str
    blogger_id: Optional[int]
    blogger_name: str
    comments: Optional[int] = Field(description="The post's open engagement as last read; null where the platform "
                                                "publishes none.")
    shares: Optional[int]
    likes: Optional[int]
    views: Optional[int]
    engagement_read_at: Optional[datetime]


class MentionList(BaseModel):
    items: list[MentionOut]
    page: int
    per_page: int
    has_more: bool = Field(description="Whether a next page has more.")


class HookCreate(Strict):
    """An address told of pipeline events, as automation services subscribe (REST hooks)."""

    name: str = Field(min_length=1, max_length=limits_of(EventHook, "name").max_length,
                      description="Who receives it, e.g. 'PR channel'.")
    url: str = Field(min_length=1, max_length=limits_of(EventHook, "webhook_url").max_length,
                     description="The http(s) address each event is posted to.")
    events: list[Literal[tuple(EVENTS)]] = Field(min_length=1, max_length=len(EVENTS))  # type: ignore[valid-type]


class HookUpdate(Changes):
    """Change only what is given; `paused` true holds the hook (told of nothing meanwhile, what waits
    held), false resumes it."""

    name: Optional[str] = Field(default=None, min_length=1, max_length=limits_of(EventHook, "name").max_length)
    url: Optional[str] = Field(default=None, min_length=1, max_length=limits_of(EventHook, "webhook_url").max_length)
    events: Optional[list[Literal[tuple(EVENTS)]]] = Field(  # type: ignore[valid-type]
        default=None, min_length=1, max_length=len(EVENTS))
    paused: Optional[bool] = None


class HookOut(Output):
    id: int
    name: str
    webhook_url: str
    events: list[str]
    created_at: datetime
    paused_at: Optional[datetime] = Field(description="Since when the hook is paused; null: it is told of events.")


class HookSecretOut(HookOut):
    secret: Optional[str] = Field(description=(
        "Signs each delivery: X-Outreach-Signature is sha256= and the HMAC-SHA256, under it, of "
        "X-Outreach-Timestamp, a dot and the body. Null when sealed under a key this server lacks."))
