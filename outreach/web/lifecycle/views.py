"""Archive and restore (managers); delete and merge (admins), each confirmed on a page that
says what goes and how much of it, and done only if those counts still hold; a blogger's data
exported or forgotten at their request (admins)."""

from __future__ import annotations

import re

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit, forgetting, lifecycle
from outreach.core.access import can_manage, is_admin, visible_campaigns
from outreach.core.db import row_or_none
from outreach.core.errors import Refused
from outreach.core.lifecycle import counts_text
from outreach.core.merging import merge_blogs
from outreach.core.models import Blog, Campaign, Niche
from outreach.web.access import require
from outreach.web.bloggers.queries import get_blog_or_404, get_blogger_or_404
from outreach.web.campaigns.queries import get_campaign_or_404
from outreach.web.db import get_session
from outreach.web.lifecycle import bp
from outreach.web.niches.queries import get_niche_or_404

DUPLICATE_FEED = re.compile(r"same feed as blog (\d+)")


@bp.route("/campaigns/<int:campaign_id>/archive", methods=["POST"])
@require(can_manage)
def archive_campaign(campaign_id: int):
    return campaign_state(campaign_id, lifecycle.archive_campaign, "archived: it is read-only and hidden from lists")


@bp.route("/campaigns/<int:campaign_id>/restore", methods=["POST"])
@require(can_manage)
def restore_campaign(campaign_id: int):
    return campaign_state(campaign_id, lifecycle.restore_campaign, "restored")


def campaign_state(campaign_id: int, change, said: str):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    try:
        change(session, current_user, campaign)
    except Refused as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"{campaign.name!r} {said}.", "success")
    return redirect(url_for("campaigns.board", campaign_id=campaign.id))


def chosen(session, model, row_id: int | None = None):
    """The row the form's "target" names (or row_id), or None when there is none such."""
    row_id = request.form.get("target", type=int) if row_id is None else row_id
    return row_or_none(session, model, row_id)


def confirmed(counts: dict[str, int]) -> bool:
    """The person confirmed these very counts (a colleague's change since asks again)."""
    return request.method == "POST" and request.form.get("counts") == counts_text(counts)


def confirm_page(**context):
    context.setdefault("targets", None)
    context["counts_text"] = counts_text(context["counts"])
    if request.method == "POST" and not context.get("error"):
        context["error"] = "The counts changed since the page was shown: look again before you confirm."
    return render_template("lifecycle/confirm.html", **context), 409 if request.method == "POST" else 200


@bp.route("/campaigns/<int:campaign_id>/delete", methods=["GET", "POST"])
@require(is_admin)
def delete_campaign(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    counts = lifecycle.campaign_counts(session, campaign.id)
    if not confirmed(counts):
        return confirm_page(title=f"Delete {campaign.name}", verb="Delete the campaign", counts=counts,
                            what="Deleting the campaign deletes its board and everything logged on its entries:",
                            back=url_for("campaigns.edit", campaign_id=campaign.id))
    name = campaign.name
    lifecycle.delete_campaign(session, current_user, campaign)
    session.commit()
    flash(f"Deleted the campaign {name!r} ({counts_text(counts)}).", "success")
    return redirect(url_for("campaigns.index"))


@bp.route("/campaigns/<int:campaign_id>/merge", methods=["GET", "POST"])
@require(is_admin)
def merge_campaign(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    targets = [(other.id, other.name) for other in session.exec(visible_campaigns(current_user))
               if other.id != campaign.id and not other.is_archived]
    target = chosen(session, Campaign)
    counts = lifecycle.campaign_counts(session, campaign.id)
    if target is None or target.id not in dict(targets) or not confirmed(counts):
        return confirm_page(title=f"Merge {campaign.name}", verb="Merge", counts=counts, targets=targets,
                            what="Its entries, with everything logged on them, move to the campaign chosen "
                                 "(one blogger's two entries become one); then this campaign is deleted:",
                            target_label="Into the campaign", back=url_for("campaigns.edit", campaign_id=campaign.id),
                            error="" if request.method == "GET" or target else "Choose the campaign to merge into.")
    return merged(lambda: lifecycle.merge_campaigns(session, current_user, campaign, target),
                  f"Merged {campaign.name!r} into {target.name!r}",
                  url_for("campaigns.board", campaign_id=target.id))


def merged(merge, said: str, to: str):
    session = get_session()
    try:
        moved = merge()
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(request.url)
    session.commit()
    details = ", ".join(f"{value} {label}" for label, value in moved.items() if value)
    flash(f"{said}" + (f" ({details} moved)." if details else "."), "success")
    return redirect(to)


@bp.route("/blogs/<int:blog_id>/delete", methods=["GET", "POST"])
@require(is_admin)
def delete_blog(blog_id: int):
    session = get_session()
    blog = get_blog_or_404(session, blog_id)
    counts = lifecycle.blog_counts(session, blog)
    back = url_for("bloggers.profile", blogger_id=blog.blogger_id) if blog.blogger_id else url_for("bloggers.directory")
    if not confirmed(counts):
        return confirm_page(title=f"Delete {blog.title or blog.feed_url}", verb="Delete the blog", counts=counts,
                            what="Deleting the blog deletes what was read from its feed; its blogger, their "
                                 "campaign entries, notes and contacts stay:", back=back)
    lifecycle.delete_blog(session, current_user, blog)
    session.commit()
    flash(f"Deleted the blog {blog.feed_url} ({counts_text(counts)}).", "success")
    return redirect(back)


@bp.route("/blogs/<int:blog_id>/merge", methods=["GET", "POST"])
@require(is_admin)
def merge_blog(blog_id: int):
    session = get_session()
    blog = get_blog_or_404(session, blog_id)
    suggested = DUPLICATE_FEED.search(blog.last_error or "")
    target_id = request.form.get("target", type=int) or (int(suggested.group(1)) if suggested else None)
    target = chosen(session, Blog, target_id)
    counts = lifecycle.blog_counts(session, blog)
    if target is None or target.id == blog.id or not confirmed(counts):
        return confirm_page(title=f"Merge {blog.title or blog.feed_url}", verb="Merge", counts=counts,
                            target_number=target_id, target_label="Into the blog with id",
                            target_name=(target.title or target.feed_url) if target else "",
                            what="Its posts, tags and mentions move to the blog you keep, and, when its blogger "
                                 "has no other blog, their contacts, entries (one per campaign), notes, pitches "
                                 "and samples; then this blog is deleted:",
                            back=url_for("bloggers.directory"),
                            error="" if request.method == "GET" or (target and target.id != blog.id)
                            else "Give the id of another blog to keep.")
    return merged(lambda: merge_blogs(session, current_user, blog, target),
                  f"Merged {blog.feed_url} into {target.title or target.feed_url}",
                  url_for("bloggers.profile", blogger_id=target.blogger_id) if target.blogger_id
                  else url_for("bloggers.directory"))


@bp.route("/niches/<int:niche_id>/delete", methods=["GET", "POST"])
@require(is_admin)
def delete_niche(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    counts = lifecycle.niche_counts(session, niche)
    if not confirmed(counts):
        users = lifecycle.niche_campaign_names(session, niche)
        return confirm_page(title=f"Delete {niche.name}", verb="Delete the niche", counts=counts,
                            what="Deleting the niche deletes its seeds; the campaigns that use it "
                                 + (f"({', '.join(users)}) " if users else "") + "keep running without one:",
                            back=url_for("niches.edit", niche_id=niche.id))
    lifecycle.remove_niche(session, current_user, niche)
    session.commit()
    flash(f"Deleted the niche {niche.name!r}.", "success")
    return redirect(url_for("niches.index"))


@bp.route("/niches/<int:niche_id>/merge", methods=["GET", "POST"])
@require(is_admin)
def merge_niche(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    targets = [(other.id, other.name) for other in session.exec(select(Niche).order_by(Niche.name)) if other.id != niche.id]
    target = chosen(session, Niche)
    counts = lifecycle.niche_counts(session, niche)
    if target is None or target.id == niche.id or not confirmed(counts):
        return confirm_page(title=f"Merge {niche.name}", verb="Merge", counts=counts, targets=targets,
                            target_label="Into the niche",
                            what="Its campaigns and seeds move to the niche chosen, its keywords and exclusions "
                                 "join that niche's; then this niche is deleted:",
                            back=url_for("niches.edit", niche_id=niche.id),
                            error="" if request.method == "GET" or target else "Choose the niche to merge into.")
    return merged(lambda: lifecycle.merge_niches(session, current_user, niche, target),
                  f"Merged {niche.name!r} into {target.name!r}", url_for("niches.ranking", niche_id=target.id))


@bp.route("/bloggers/<int:blogger_id>/export.json")
@require(is_admin)
def export_blogger(blogger_id: int):
    """Everything stored about the person, for their request to see it."""
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    audit.record(session, current_user, "exported", "blogger", blogger.id)
    session.commit()
    response = jsonify(forgetting.export_blogger(session, blogger))
    response.headers["Content-Disposition"] = f'attachment; filename="blogger-{blogger.id}.json"'
    return response


@bp.route("/bloggers/<int:blogger_id>/forget", methods=["GET", "POST"])
@require(is_admin)
def forget_blogger(blogger_id: int):
    """At the person's request: delete them and everything stored about them, for good."""
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    counts = forgetting.forget_counts(session, blogger)
    label = blogger.name or f"blogger {blogger.id}"
    if not confirmed(counts):
        return confirm_page(title=f"Forget {label}", verb="Forget this person", counts=counts,
                            what="At their request: deletes the person, their channels with everything read from "
                                 "them, their contacts and notes, and every campaign entry with what was logged on "
                                 "it. Their emails and addresses are kept only as digests, so that no list, "
                                 "discovery or colleague adds them again. This cannot be undone:",
                            back=url_for("bloggers.profile", blogger_id=blogger.id))
    forgetting.forget_blogger(session, current_user, blogger)
    session.commit()
    flash(f"Forgot {label} ({counts_text(counts)} deleted). The rankings drop their posts at the next crawl.",
          "success")
    return redirect(url_for("bloggers.directory"))
