"""Niche pages: describe a niche, see bloggers ranked with evidence, shortlist them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from scoring import IndexMissing, rank_niche

from outreach.core import audit
from outreach.core.access import can_work_campaign, visible_campaigns
from outreach.web.db import get_session
from outreach.core.models import Blog, Blogger, Campaign, Niche
from outreach.core.niches import NicheError, create_niche, niche_seeds, niche_spec, parse_keywords, update_niche
from outreach.core.pipeline import PipelineError, add_blogger_to_campaign
from outreach.web.search import current_index
from outreach.web.niches import bp


DEFAULT_TOP = 50
MAX_TOP = 500


class NicheForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    brief = TextAreaField("Brief", validators=[DataRequired(), Length(max=5000)],
                          description="A few sentences, the way a brand would describe the bloggers it wants.")
    keywords = StringField("Keywords", validators=[Optional(), Length(max=2000)],
                           description="Comma-separated; weight one with a colon, e.g. 'espresso:2, grinder'.")
    exclusions = StringField("Exclusions", validators=[Optional(), Length(max=2000)],
                             description="Comma-separated terms that push a blogger down (a competitor, an off-brand topic).")
    seed_urls = TextAreaField("Seed post URLs", validators=[Optional(), Length(max=10_000)],
                              description="One per line: posts that show what on-topic means.")
    seed_texts = TextAreaField("Seed text", validators=[Optional(), Length(max=50_000)],
                               description="Or paste an example of on-topic writing.")


def split_list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def get_niche_or_404(session, niche_id: int) -> Niche:
    niche = session.get(Niche, niche_id)
    if niche is None:
        abort(404)
    return niche


@bp.route("/", methods=["GET", "POST"])
def index():
    session = get_session()
    form = NicheForm()
    if form.validate_on_submit():
        try:
            niche = create_niche(
                session, form.name.data, form.brief.data, keywords=parse_keywords(form.keywords.data or ""),
                exclusions=split_list(form.exclusions.data),
                seed_urls=[line for line in (form.seed_urls.data or "").splitlines() if line.strip()],
                seed_texts=[form.seed_texts.data] if (form.seed_texts.data or "").strip() else [],
                created_by_id=current_user.id,
            )
            audit.record(session, current_user, "created", "niche", niche.id, name=niche.name)
            session.commit()
        except NicheError as error:
            session.rollback()
            form.name.errors.append(str(error).capitalize())
        else:
            flash(f"Niche {niche.name!r} created.", "success")
            return redirect(url_for("niches.ranking", niche_id=niche.id))
    niches = session.exec(select(Niche).order_by(Niche.name)).all()
    status = 400 if form.errors else 200
    return render_template("niches/index.html", form=form, niches=niches), status


@bp.route("/<int:niche_id>/edit", methods=["GET", "POST"])
def edit(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    form = NicheForm(obj=niche)
    seeds = niche_seeds(session, niche.id)
    if request.method == "GET":
        form.keywords.data = ", ".join(
            k["term"] if float(k.get("weight", 1)) == 1 else f"{k['term']}:{float(k['weight']):g}"
            for k in niche.keywords)
        form.exclusions.data = ", ".join(niche.exclusions)
        form.seed_urls.data = ""
        form.seed_texts.data = ""
    if form.validate_on_submit():
        try:
            update_niche(
                session, niche.name, new_name=form.name.data, brief=form.brief.data,
                keywords=parse_keywords(form.keywords.data or ""), exclusions=split_list(form.exclusions.data),
                add_seed_urls=[line for line in (form.seed_urls.data or "").splitlines() if line.strip()],
                add_seed_texts=[form.seed_texts.data] if (form.seed_texts.data or "").strip() else [],
                remove_seed_ids=[int(value) for value in request.form.getlist("remove_seed") if value.isdigit()],
            )
            audit.record(session, current_user, "edited", "niche", niche.id, name=niche.name)
            session.commit()
        except NicheError as error:
            session.rollback()
            form.brief.errors.append(str(error).capitalize())
        else:
            flash("Niche saved.", "success")
            return redirect(url_for("niches.ranking", niche_id=niche.id))
    status = 400 if form.errors else 200
    return render_template("niches/edit.html", form=form, niche=niche, seeds=seeds), status


@bp.route("/<int:niche_id>/")
def ranking(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    top = min(max(request.args.get("top", DEFAULT_TOP, type=int) or DEFAULT_TOP, 1), MAX_TOP)
    message, result = "", None
    try:
        result = rank_niche(current_index(), niche_spec(session, niche), top=top)
        message = result.message
    except IndexMissing:
        message = ("The search index has not been built yet. It is built after each crawl "
                   "(or run `outreach index`).")
    bloggers = blogger_ids_by_blog(session, [row.blog_id for row in result.bloggers] if result else [])
    campaigns = session.exec(visible_campaigns(current_user).where(Campaign.is_archived.is_(False))).all()
    return render_template("niches/ranking.html", niche=niche, ranking=result, message=message, top=top,
                           bloggers=bloggers, campaigns=campaigns)


def blogger_ids_by_blog(session, blog_ids: list[int]) -> dict[int, int]:
    if not blog_ids:
        return {}
    return {blog_id: blogger_id for blog_id, blogger_id in session.exec(
        select(Blog.id, Blog.blogger_id).where(Blog.id.in_(blog_ids))) if blogger_id is not None}


@bp.route("/<int:niche_id>/shortlist", methods=["POST"])
def shortlist(niche_id: int):
    """Add the selected bloggers to a campaign, each with their score."""
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    campaign_id = request.form.get("campaign_id", type=int)
    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    if campaign is None:
        flash("Choose a campaign to shortlist into.", "error")
        return redirect(url_for("niches.ranking", niche_id=niche.id))
    if not can_work_campaign(session, current_user, campaign.id):
        abort(403)
    chosen = [value for value in request.form.getlist("blog_id") if value.isdigit()]
    if not chosen:
        flash("Select at least one blogger.", "error")
        return redirect(url_for("niches.ranking", niche_id=niche.id))
    added, skipped = 0, 0
    for blog_id in map(int, chosen):
        blog = session.get(Blog, blog_id)
        if blog is None:
            skipped += 1
            continue
        if blog.blogger_id is None:
            blogger = Blogger(name=blog.title)
            session.add(blogger)
            session.flush()
            blog.blogger_id = blogger.id
            session.add(blog)
        score = request.form.get(f"score_{blog_id}", type=float)
        try:
            with session.begin_nested():
                add_blogger_to_campaign(session, current_user, campaign, blog.blogger_id, score)
            added += 1
        except PipelineError:
            skipped += 1
    session.commit()
    note = f" ({skipped} already in it or gone)" if skipped else ""
    flash(f"Shortlisted {added} blogger{'s' if added != 1 else ''} into {campaign.name!r}{note}.", "success")
    return redirect(url_for("niches.ranking", niche_id=niche.id))
