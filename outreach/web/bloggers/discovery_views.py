"""Discovering blogs on the web pages: candidates found in the links of the blogs that rank
best for a niche, each added to the directory or rejected by a person (or read again)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit
from outreach.core.candidates import (
    NICHE_SOURCES,
    accept_candidate,
    best_fit,
    fit_for,
    read_again,
    reject_candidate,
    waiting_candidates,
    waiting_for_niche,
)
from outreach.core.db import row_or_none
from outreach.core.models import Blog, BlogCandidate, Niche
from outreach.web.bloggers import bp
from outreach.web.bloggers.forms import CandidatesForm, DiscoverForm
from outreach.web.bulk.forms import checked_blogs
from outreach.web.db import get_session
from outreach.web.discovery import discover_for_niche
from outreach.web.forms import options, requested_id

SHOWN = 200  # candidates listed on the page, those linked from most blogs first
SHOWN_TITLES = 3  # of each candidate's newest posts


@bp.route("/blogs/candidates")
def candidates():
    """The candidates waiting for a person (those a niche's discovery found, with ?niche=ID),
    those linked from most blogs first, and the search for more."""
    session = get_session()
    return render_candidates(session, DiscoverForm(), CandidatesForm(), niche_id=requested_id(request.args, "niche"))


def render_candidates(session, discover_form: DiscoverForm, review_form: CandidatesForm, status: int = 200,
                      niche_id: int | None = None):
    discover_form.niche_id.choices = niche_choices(session)
    shown_niche = row_or_none(session, Niche, niche_id)
    if shown_niche is None:
        rows = session.exec(waiting_candidates().limit(SHOWN)).all()
    else:
        discover_form.niche_id.data = shown_niche.id
        rows = waiting_for_niche(session, shown_niche.id)[:SHOWN]
    fits = {candidate.id: fit_for(candidate, shown_niche.id) if shown_niche else best_fit(candidate)
            for candidate in rows}
    niche_names = dict(session.exec(select(Niche.id, Niche.name)).all()) if shown_niche is None else {}
    found_on = {blog.id: blog for blog in session.exec(select(Blog).where(
        Blog.id.in_({candidate.found_on_blog_id for candidate in rows if candidate.found_on_blog_id})))}
    return render_template("bloggers/candidates.html", discover_form=discover_form, review_form=review_form,
                           candidates=rows, found_on=found_on, sources=NICHE_SOURCES,
                           shown_niche=shown_niche, fits=fits, niche_names=niche_names,
                           shown_titles=SHOWN_TITLES), status


def niche_choices(session):
    return options(session.exec(select(Niche.id, Niche.name).order_by(Niche.name)).all())


@bp.route("/blogs/candidates/discover", methods=["POST"])
def discover():
    """Propose the blogs linked from the recent posts of the niche's best-ranked blogs."""
    session = get_session()
    form = DiscoverForm()
    form.niche_id.choices = niche_choices(session)
    if not form.validate_on_submit():
        flash("Choose a niche: its best-ranked blogs' links are read." if form.niche_id.choices
              else "Describe a niche first: discovery reads the links of the blogs that rank best for it.", "error")
        return render_candidates(session, form, CandidatesForm(), status=400)
    niche = session.get(Niche, form.niche_id.data)
    result = discover_for_niche(session, niche)
    if result.message:
        flash(result.message, "error")
        return redirect(url_for("bloggers.candidates"))
    audit.record(session, current_user, "discovered", "niche", niche.id, candidates=len(result.found))
    session.commit()
    flash(f"{len(result.found)} new candidates from the links in the recent posts of the {result.sources} "
          f"blogs that rank best for {niche.name}. Their blogrolls are read within a minute: look again then.",
          "success" if result.found else "info")
    return redirect(url_for("bloggers.candidates", niche=niche.id))


@bp.route("/blogs/candidates", methods=["POST"])
def review_candidates():
    """Add the checked candidates to the directory, reject them (they are not proposed again), or
    have the next crawl read their feeds again."""
    session = get_session()
    form = CandidatesForm()
    ids = checked_blogs(request.form.getlist("candidate"))  # the checked ids, or None when one is garbled
    if not form.validate_on_submit() or not ids:
        flash("Check the candidates to add or reject.", "error")
        return render_candidates(session, DiscoverForm(), form, status=400)
    if len(ids) > SHOWN:
        flash(f"At most {SHOWN} candidates at a time, as many as the page lists.", "error")
        return render_candidates(session, DiscoverForm(), form, status=400)
    chosen = session.exec(select(BlogCandidate).where(BlogCandidate.id.in_(ids),
                                                      BlogCandidate.status == "proposed")).all()
    for candidate in chosen:
        if form.action.data == "accept":
            blog = accept_candidate(session, candidate, current_user.id)
            session.flush()
            audit.record(session, current_user, "added", "blog", blog.id, url=blog.feed_url, candidate=candidate.id)
        elif form.action.data == "reread":
            read_again(session, candidate)
        else:
            reject_candidate(session, candidate)
    session.commit()
    done = {"accept": "Added", "reject": "Rejected", "reread": "Marked to read again"}[form.action.data]
    then = {"accept": ": their feeds are found and read on the next crawl",
            "reread": ": the next crawl reads their feeds and places them in the niches as they are now"}.get(
        form.action.data, "")
    flash(f"{done} {len(chosen)} of the {len(ids)} checked candidates{then}.", "success")
    return redirect(url_for("bloggers.candidates", niche=requested_id(request.form, "niche")))
