"""Niche pages: describe a niche, see bloggers ranked with evidence, shortlist them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit
from outreach.core.access import can_work_campaign, visible_campaigns
from outreach.core.bulk import BULK_LIMIT
from outreach.core.db import row_or_none
from outreach.core.languages import (
    blogs_writing_in,
    language_code,
    language_name,
    languages_in_use,
    niche_warning,
    with_languages,
)
from outreach.core.models import Campaign, Niche
from outreach.core.niche_fits import FIT_LABELS, VERDICTS, fit_rows, mark_fits, who_marked
from outreach.core.niches import (
    NicheError,
    create_niche,
    niche_seeds,
    niche_spec,
    seed_state,
    update_niche,
)
from outreach.core.pipeline import shortlist_blogs
from outreach.core.vetting import RECENT_POSTS, vet_blogger
from outreach.core.vocabulary import brief_reading
from outreach.web.db import get_session
from outreach.web.forms import requested_id
from outreach.web.niches import bp
from outreach.web.niches.forms import NicheForm
from outreach.web.niches.queries import (
    RankingBadges,
    blogger_ids_by_blog,
    channels_by_blog,
    get_niche_or_404,
    other_channels,
    ranking_badges,
)
from outreach.web.search import INDEX_NOT_BUILT, current_index, page_message
from scoring import IndexMissing, rank_niche, scores_by_blog, unmatched_reason
from scoring.evidence import plain_summary

DEFAULT_TOP = 50
MAX_TOP = 500
MAX_REASONS = 20  # refusals listed one by one after a shortlist; the count says the rest


@bp.route("/", methods=["GET", "POST"])
def index():
    session = get_session()
    form = NicheForm()
    if form.validate_on_submit():
        try:
            niche = create_niche(session, form.name.data, form.brief.data, **form.niche_fields(),
                                 created_by_id=current_user.id)
            audit.record(session, current_user, "created", "niche", niche.id, name=niche.name)
            session.commit()
        except NicheError as error:
            session.rollback()
            getattr(form, error.field, form.name).errors.append(str(error).capitalize())
        else:
            flash(f"Niche {niche.name!r} created.", "success")
            _warn_unmatched(niche_spec(session, niche))
            return redirect(url_for("niches.ranking", niche_id=niche.id))
    niches = session.exec(select(Niche).order_by(Niche.name)).all()
    status = 400 if form.errors else 200
    return render_template("niches/index.html", form=form, niches=niches), status


@bp.route("/<int:niche_id>/edit", methods=["GET", "POST"])
def edit(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    # The saved niche fills the form only to show it: a post says every field itself (a field
    # it leaves out is empty, as a browser sends it), never the stored keywords' list.
    form = NicheForm(obj=niche) if request.method == "GET" else NicheForm()
    seeds = niche_seeds(session, niche.id)
    if request.method == "GET":
        form.fill_from(niche)
    if form.validate_on_submit():
        try:
            fields = form.niche_fields()
            update_niche(
                session, niche.name, new_name=form.name.data, brief=form.brief.data, keywords=fields["keywords"],
                exclusions=fields["exclusions"], add_seed_urls=fields["seed_urls"],
                add_seed_texts=fields["seed_texts"], discover_every_days=fields["discover_every_days"],
                remove_seed_ids=[int(value) for value in request.form.getlist("remove_seed") if value.isdigit()],
            )
            mark_fits(session, current_user, niche,
                      [int(value) for value in request.form.getlist("clear_fit") if value.isdigit()], None)
            audit.record(session, current_user, "edited", "niche", niche.id, name=niche.name)
            session.commit()
        except NicheError as error:
            session.rollback()
            form.brief.errors.append(str(error).capitalize())
        else:
            flash("Niche saved.", "success")
            _warn_unmatched(niche_spec(session, niche))
            return redirect(url_for("niches.ranking", niche_id=niche.id))
    status = 400 if form.errors else 200
    return render_template("niches/edit.html", form=form, niche=niche, seeds=seeds,
                           seed_states={seed.id: seed_state(seed) for seed in seeds},
                           fits=fit_rows(session, niche.id), fit_labels=FIT_LABELS), status


def _warn_unmatched(spec) -> None:
    """Say at once when no indexed post uses the niche's words (a typo), or the brief is in a
    language no blog writes in."""
    try:
        reason = unmatched_reason(current_index(), spec)
    except IndexMissing:
        reason = ""
    warning = niche_warning(get_session(), reason, spec.brief)
    if warning:
        flash(warning, "warning")


@dataclass(frozen=True)
class RankingFilters:
    """Rows the person chose to hide: do-not-contact, dormant, or already in one campaign; and
    whether to show the rows marked not a fit, which are hidden unless asked for."""

    do_not_contact: bool = False
    dormant: bool = False
    in_campaign: int | None = None
    show_poor_fits: bool = False
    language: str = ""  # only the blogs writing in it, ranked among all
    vet_for: int | None = None  # a campaign whose words to avoid each row's newest posts are read for

    @classmethod
    def from_args(cls, args) -> "RankingFilters":
        return cls(do_not_contact=args.get("hide_dnc") == "1", dormant=args.get("hide_dormant") == "1",
                   in_campaign=requested_id(args, "not_in"), show_poor_fits=args.get("show_poor") == "1",
                   language=language_code(args.get("language")), vet_for=requested_id(args, "vet"))

    @property
    def active(self) -> bool:
        return self.do_not_contact or self.dormant or self.in_campaign is not None

    def args(self) -> dict:
        """The filters as the query arguments that set them (from_args reads them back)."""
        chosen = {"hide_dnc": "1" if self.do_not_contact else None, "hide_dormant": "1" if self.dormant else None,
                  "not_in": self.in_campaign, "show_poor": "1" if self.show_poor_fits else None,
                  "language": self.language or None, "vet": self.vet_for}
        return {name: value for name, value in chosen.items() if value is not None}

    def hides(self, row, badges: RankingBadges) -> bool:
        return ((self.do_not_contact and badges.do_not_contact) or (self.dormant and row.evidence.dormant)
                or any(campaign_id == self.in_campaign for campaign_id, _ in badges.campaigns))


@bp.route("/<int:niche_id>/")
def ranking(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    top = min(max(request.args.get("top", DEFAULT_TOP, type=int) or DEFAULT_TOP, 1), MAX_TOP)
    hide = RankingFilters.from_args(request.args)
    spec = niche_spec(session, niche)
    fits = spec.fits
    poor_fits = len(spec.poor_blog_ids)
    message, result = "", None
    try:
        # Hidden rows, and a person's other channels, leave room for the next ones: rank deeper,
        # then keep `top` of those shown.
        deepest = top * (4 if hide.active else 2) + (0 if hide.show_poor_fits else poor_fits)
        within = blogs_writing_in(session, hide.language) if hide.language else None
        result = rank_niche(current_index(), spec, top=min(MAX_TOP, deepest), within=within)
        message = page_message(with_languages(session, result.message) if result.matched_nothing else result.message)
        if not message and within is not None and not result.bloggers:
            message = f"No blog writing in {language_name(hide.language)} ranks for this niche."
    except IndexMissing:
        message = INDEX_NOT_BUILT
    campaigns = session.exec(visible_campaigns(current_user)).all()
    rows = result.bloggers if result else []
    badges = ranking_badges(session, [row.blog_id for row in rows], {campaign.id for campaign in campaigns})
    people = blogger_ids_by_blog(session, [row.blog_id for row in rows])
    poor = [fits.get(row.blog_id) is False and not hide.show_poor_fits for row in rows]
    hides = [hide.hides(row, badges[row.blog_id]) for row in rows]
    shown = once_per_person([row for row, hidden, unfit in zip(rows, hides, poor) if not (hidden or unfit)],
                            people)[:top]
    # The rows the filters hid among those ranked up to the last one shown (the deeper ranking
    # that made room for them is not "hidden").
    depth = rows.index(shown[-1]) + 1 if shown else len(rows)
    shown_ids = [row.blog_id for row in shown]
    shown_bloggers = {blog_id: people[blog_id] for blog_id in shown_ids if blog_id in people}
    vetting_for = next((campaign for campaign in campaigns if campaign.id == hide.vet_for and campaign.avoid_terms), None)
    vettings = {blog_id: vet_blogger(session, blogger_id, vetting_for.avoid_terms)
                for blog_id, blogger_id in shown_bloggers.items()} if vetting_for else {}
    return render_template("niches/ranking.html", niche=niche, ranking=result, rows=shown, message=message,
                           reading=" ".join(brief_reading(niche.brief, result.unknown_words if result else [],
                                                          result.read_apart if result else [])),
                           top=top, bloggers=shown_bloggers, fits=fits, poor_fits=poor_fits,
                           marked_by=who_marked(session, niche.id, shown_ids),
                           good_fits=len(fits) - poor_fits,
                           badges=badges, hide=hide, hidden=sum(hides[:depth]) if hide.active else 0,
                           campaigns=[campaign for campaign in campaigns if not campaign.is_archived],
                           languages=languages_in_use(session), vetting_for=vetting_for, vettings=vettings, vetting_posts=RECENT_POSTS,
                           vetting_campaigns=[campaign for campaign in campaigns if campaign.avoid_terms],
                           summaries={row.blog_id: plain_summary(row.score, row.evidence) for row in shown},
                           channels=channels_by_blog(session, shown_ids), others=other_channels(session, shown_bloggers))


@bp.route("/<int:niche_id>/fits/<int:blog_id>", methods=["POST"])
def mark_blog_fit(niche_id: int, blog_id: int):
    """Mark a ranked blog a good fit or not a fit for the niche, or clear the mark; back to the ranking."""
    return _mark_blogs(niche_id, [blog_id])


@bp.route("/<int:niche_id>/fits", methods=["POST"])
def mark_checked_fits(niche_id: int):
    """The same for the blogs checked on the ranking (the bulk bar's "Not a fit")."""
    return _mark_blogs(niche_id, [int(value) for value in request.form.getlist("blog_id") if value.isdigit()])


def _mark_blogs(niche_id: int, blog_ids: list[int]):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    verdict = request.form.get("verdict", "")
    if verdict not in VERDICTS:
        flash("Choose Good fit or Not a fit.", "error")
    elif not blog_ids or len(blog_ids) > BULK_LIMIT:
        flash(f"Check between 1 and {BULK_LIMIT} bloggers.", "error")
    else:
        try:
            count = mark_fits(session, current_user, niche, blog_ids, VERDICTS[verdict])
            session.commit()
        except NicheError as error:
            session.rollback()
            flash(str(error).capitalize() + ".", "error")
        else:
            flash(_fit_message(niche, VERDICTS[verdict], count), "success")
    back = RankingFilters.from_args(request.args).args()
    top = request.args.get("top", type=int)
    return redirect(url_for("niches.ranking", niche_id=niche.id, **back, **({"top": top} if top else {}))
                    + "#ranking")


def _fit_message(niche: Niche, fit: bool | None, count: int) -> str:
    blogs = "that blog" if count == 1 else f"those {count} blogs"
    if fit is None:
        return f"Mark cleared: the ranking of {niche.name!r} no longer leans on {blogs}."
    if fit:
        return f"Marked a good fit: {niche.name!r} now ranks blogs that write like {blogs} a little higher."
    return (f"Marked not a fit: {blogs} {'is' if count == 1 else 'are'} hidden from {niche.name!r}, and blogs "
            f"that write like {'it' if count == 1 else 'them'} rank a little lower.")


def once_per_person(rows: list, bloggers: dict[int, int]) -> list:
    """Each person once, at the place of their best-ranked channel (the row says where else they
    publish): a team shortlists people, not feeds."""
    seen: set[int] = set()
    kept = []
    for row in rows:
        person = bloggers.get(row.blog_id)
        if person in seen:
            continue
        if person is not None:
            seen.add(person)
        kept.append(row)
    return kept


@bp.route("/<int:niche_id>/shortlist", methods=["POST"])
def shortlist(niche_id: int):
    """Add the selected bloggers to a campaign, each with their score in this niche's ranking."""
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    campaign = row_or_none(session, Campaign, request.form.get("campaign_id", type=int))
    if campaign is None:
        flash("Choose a campaign to shortlist into.", "error")
        return redirect(url_for("niches.ranking", niche_id=niche.id))
    if not can_work_campaign(session, current_user, campaign.id):
        abort(403)
    chosen = [value for value in request.form.getlist("blog_id") if value.isdigit()]
    if not chosen:
        flash("Select at least one blogger.", "error")
        return redirect(url_for("niches.ranking", niche_id=niche.id))
    try:
        scores = scores_by_blog(current_index(), niche_spec(session, niche))
    except IndexMissing:
        scores = {}
    added, refused = shortlist_blogs(session, current_user, campaign, [int(value) for value in chosen], scores)
    session.commit()
    note = f" ({len(refused)} not added)" if refused else ""
    flash(f"Shortlisted {added} blogger{'s' if added != 1 else ''} into {campaign.name!r}{note}.", "success")
    for reason in refused[:MAX_REASONS]:
        flash(reason, "warning")
    return redirect(url_for("niches.ranking", niche_id=niche.id))
