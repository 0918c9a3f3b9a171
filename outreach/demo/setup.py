"""Filling a fresh database with the demo: blogs crawled, niches ranked, campaigns worked."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.add import AddBlogError, add_blog
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from outreach.core.campaign_files import add_file
from outreach.core.campaigns import create_campaign
from outreach.core.coverage import propose_coverage
from outreach.core.custom_fields import add_field, set_values
from outreach.core.fees import record_fee, set_fee_status
from outreach.core.models import Blog, Blogger, Fee, PipelineEntry, PitchTemplate, Post, Sample, User, utc_today
from outreach.core.monitors import save_monitor
from outreach.core.niches import create_niche, niche_spec
from outreach.core.pipeline import add_blogger_to_campaign, log_pitch, log_reply
from outreach.core.samples import record_sample
from outreach.core.stages import move_entry, stage_of_kind
from outreach.core.users import create_user
from outreach.demo.site import load_blogs, load_niches
from outreach.jobs.crawl_and_index import crawl_and_index
from scoring import current_index, rank_niche

ADMIN_EMAIL = "demo@outreach.local"
# The campaigns started ten weeks before the demo is built, so their history is in the past.
CAMPAIGNS = (
    # name, brand, niche, brand terms, the currency its samples are valued in, words the brand avoids
    ("Northbrew autumn launch", "Northbrew", "Home coffee & espresso", ["Northbrew"], "EUR", ["AeroPress"]),
    ("Trailfox trail season", "Trailfox", "Trail running & outdoor fitness", ["Trailfox"], "USD", ["energy drink"]),
)

MONITORS = (("Northbrew", "Northbrew"), ("Trailfox", "Trailfox"), ("AeroPress", "AeroPress"),
            ("Chemex", "Chemex"))

# Sample blogs left out of the directory: others' blogrolls link them, so that discovering blogs
# for their niches finds them, reads their feeds and says where they would rank.
HELD_BACK = ("sinking-funds-club", "green-skillet")
STARTED = datetime.combine(utc_today() - timedelta(weeks=10), datetime.min.time(), tzinfo=timezone.utc)


@dataclass
class DemoSummary:
    blogs: int
    accounts: int  # Mastodon accounts, second channels of some bloggers
    posts: int
    niches: int
    campaigns: int
    admin_email: str
    admin_password: str


# The team's two pitches, so that the board's bulk email and the dashboard's templates table have
# something to show.
TEMPLATES = (
    ("Warm intro", "{{ brand }} would love your take",
     "Hi {{ first_name }},\n\nI enjoyed \"{{ recent_post_title }}\". We are launching something for readers like "
     "yours: could we send you a sample?\n\n{{ my_name }}"),
    ("Sample offer", "A {{ brand }} sample for {{ blog_name }}?",
     "Hi {{ first_name }},\n\nWould you like to try {{ brand }}'s new kit? No strings: keep it either way.\n\n"
     "{{ my_name }}"),
)


def build_demo(engine: Engine, site_url: str, index_dir: Path, options: CrawlOptions) -> DemoSummary:
    """Everything a newcomer should see working, through the real crawler and scorer."""
    password = secrets.token_urlsafe(10)
    with Session(engine) as session:
        admin = create_user(session, ADMIN_EMAIL, password, "admin", "Demo Admin")
        create_user(session, "manager@outreach.local", secrets.token_urlsafe(12), "manager", "Morgan Manager")
        create_user(session, "staff@outreach.local", secrets.token_urlsafe(12), "staff", "Sam Staff")
        # Monitors made before the crawl, so that it finds their mentions: the campaigns' brands, and
        # the coffee brewers Northbrew's share of voice is read against.
        for name, terms in MONITORS:
            save_monitor(session, admin, None, name=name, terms=terms, watcher_ids=[admin.id])
        session.commit()
        admin_id = admin.id
    blogs = load_blogs()
    with Session(engine) as session, Fetcher(options) as fetcher:
        for slug, blog in blogs.items():
            if slug in HELD_BACK:
                continue
            try:
                add_blog(session, f"{site_url}/blogs/{slug}/", fetcher, source="demo", tags=[blog.data["niche"]])
                session.commit()
            except AddBlogError:
                session.rollback()
        # A few authors' Mastodon accounts, a second channel each: the crawl reads their posts and
        # engagement, and joins each account to its blog because both link to the other (rel=me).
        for blog in blogs.values():
            if blog.data.get("mastodon"):
                add_blog(session, f"{site_url}/@{blog.data['mastodon']['name']}", fetcher, source="demo",
                         tags=[blog.data["niche"]])
                session.commit()
    crawl_and_index(engine, index_dir, options, concurrency=4)
    with Session(engine) as session:
        for niche in load_niches():
            keywords = [{"term": term, "weight": 1.0} for term in niche.get("keywords", [])]
            create_niche(session, niche["name"], niche["brief"], keywords=keywords,
                         exclusions=niche.get("exclusions", []), created_by_id=admin_id)
        session.add_all([PitchTemplate(name=name, subject=subject, body=body, created_by_id=admin_id)
                         for name, subject, body in TEMPLATES])
        session.commit()
        for name, brand, niche_name, terms, currency, avoided in CAMPAIGNS:
            work_campaign(session, engine, index_dir, session.get(User, admin_id), name, brand, niche_name, terms,
                          currency, avoided)
        fill_team_fields(session, session.get(User, admin_id))
        posts = len(session.exec(select(Post.id)).all())
        platforms = session.exec(select(Blog.platform)).all()
    accounts = platforms.count("mastodon")
    return DemoSummary(len(platforms) - accounts, accounts, posts, len(load_niches()), len(CAMPAIGNS), ADMIN_EMAIL,
                       password)


AUDIENCES = ("Beginners", "Enthusiasts", "Professionals")


def fill_team_fields(session: Session, admin: User) -> None:
    """Two fields of the team's own, filled in for the bloggers the campaigns worked with."""
    rate = add_field(session, admin, "Rate for a post", "number")
    audience = add_field(session, admin, "Audience", "choice", AUDIENCES)
    bloggers = session.exec(select(PipelineEntry.blogger_id).distinct().order_by(PipelineEntry.blogger_id)).all()
    for index, blogger_id in enumerate(bloggers[:10]):
        set_values(session, admin, session.get(Blogger, blogger_id),
                   {rate.id: str(150 + 50 * (index % 5)), audience.id: AUDIENCES[index % 3]})
    session.commit()


def work_campaign(session: Session, engine: Engine, index_dir: Path, admin: User, name: str, brand: str,
                  niche_name: str, terms: list[str], currency: str = "USD", avoided: list[str] = ()) -> None:
    """Shortlist the niche's best bloggers and move them along as a team would have."""
    from outreach.core.models import Niche

    niche = session.exec(select(Niche).where(Niche.name == niche_name)).first()
    campaign = create_campaign(session, admin, name, brand=brand, niche_id=niche.id if niche else None,
                               brand_terms=terms, avoid_terms=list(avoided), starts_on=STARTED.date(), coverage_goal=5,
                               budget=Decimal("2500.00"), budget_currency=currency)
    add_file(session, admin, campaign.id, f"{brand} press release.txt",
             f"{brand}: {name}\n\nFor release on {STARTED:%Y-%m-%d}. {brand} opens its {name.lower()} to bloggers "
             f"who write about {', '.join(terms)}.\n".encode())
    session.commit()
    if niche is None:
        return
    ranking = rank_niche(current_index(session, index_dir), niche_spec(session, niche), top=8)
    entries, shortlisted = [], set()
    # The team's work is dated as it happened, week by week since the campaign started, so the
    # dashboard's stage ages and weekly charts read as a real campaign's would.
    for index, row in enumerate(ranking.bloggers):
        blog = session.get(Blog, row.blog_id)
        if blog is not None and blog.blogger_id is not None and blog.blogger_id not in shortlisted:
            shortlisted.add(blog.blogger_id)  # a blogger ranked for two channels is shortlisted once
            entries.append(add_blogger_to_campaign(session, admin, campaign, blog.blogger_id, row.score,
                                                   at=STARTED + timedelta(days=1 + index % 4, hours=index)))
    session.commit()
    templates = dict(session.exec(select(PitchTemplate.name, PitchTemplate.id)).all())
    for index, entry in enumerate(entries[:5]):
        log_pitch(session, admin, entry, channel="email", subject=f"{brand} would love your take",
                  message="Hi, we are launching something for readers like yours. Could we send a sample?",
                  template_id=templates.get("Warm intro" if index % 2 == 0 else "Sample offer"),
                  follow_up_on=utc_today() - timedelta(days=2) if index == 2 else utc_today() + timedelta(days=5),
                  sent_at=STARTED + timedelta(days=14 + 3 * index, hours=9))
    for index, entry in enumerate(entries[:2]):
        log_reply(session, admin, entry, channel="email", summary="Happy to try it, send it over.",
                  sentiment="positive", received_at=STARTED + timedelta(days=18 + 3 * index, hours=15))
        sent_on = (STARTED + timedelta(days=24 + 7 * index)).date()
        record_sample(session, admin, entry, Sample(
            item=f"{brand} starter kit", quantity=1, unit_value=Decimal("49.00"), currency=currency,
            carrier="UPS", tracking_number=f"1Z{entry.id:06d}", sent_on=sent_on, status="sent",
            created_at=datetime(sent_on.year, sent_on.month, sent_on.day, 11, tzinfo=timezone.utc)))
        # The first agreed a paid review too, invoiced since; the second's is still to invoice.
        fee = record_fee(session, admin, entry, Fee(
            description="A sponsored review post", amount=Decimal("400.00" if index == 0 else "250.00"),
            currency=currency, agreed_on=sent_on, due_on=sent_on + timedelta(days=30),
            created_at=datetime(sent_on.year, sent_on.month, sent_on.day, 12, tzinfo=timezone.utc)), today=utc_today())
        if index == 0:
            set_fee_status(session, admin, fee, "invoiced", today=utc_today(), on=sent_on + timedelta(days=7),
                           invoice_reference=f"INV-{entry.id:04d}")
    if len(entries) > 2:  # a follow-up after a few quiet weeks
        log_pitch(session, admin, entries[2], channel="email", subject=f"Re: {brand} would love your take",
                  message="Just checking you saw this: happy to send a sample whenever suits.",
                  follow_up_on=utc_today() - timedelta(days=2), is_follow_up=True,
                  sent_at=STARTED + timedelta(days=48, hours=10))
    if len(entries) > 6:
        move_entry(session, admin, entries[6], stage_of_kind(session, campaign.id, "researching"), None,
                   at=STARTED + timedelta(days=30))
    session.commit()
    # The posts the crawler already read are checked for the brand, as a new crawl would.
    for entry in entries:
        post_ids = list(session.exec(select(Post.id).join(Blog, Blog.id == Post.blog_id)
                                     .where(Blog.blogger_id == entry.blogger_id)))
        propose_coverage(session, entry.blogger_id, post_ids)
    session.commit()
