"""Directory and profile pages."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit, pipeline, relationships
from outreach.core.access import visible_campaigns
from outreach.core.blog_intake import IntakeError, import_upload, queue_blog, request_refresh
from outreach.core.custom_fields import FieldRefused, all_fields, matching_bloggers, values_of
from outreach.core.engagement import combined_rates
from outreach.core.exports import directory_table
from outreach.core.languages import languages_in_use
from outreach.core.models import Blog, Campaign, Niche, User
from outreach.core.niche_fits import marks_on_blog
from outreach.core.niches import niche_spec
from outreach.web.auth.views import safe_next_url
from outreach.web.bloggers import bp
from outreach.web.bloggers.forms import (
    STATUS_LABELS,
    AddBlogForm,
    BloggerNoteForm,
    DirectorySearchForm,
    ImportForm,
    MergeForm,
    RelationshipForm,
)
from outreach.web.bloggers.queries import (
    COUNT_CAP,
    PAGE_SIZE,
    DirectoryFilters,
    blogger_blogs,
    blogger_contacts,
    blogger_memberships,
    blogger_notes,
    directory_page,
    directory_page_by_score,
    directory_statement,
    get_blog_or_404,
    get_blogger_or_404,
    niche_choices,
    recent_posts,
)
from outreach.web.bloggers.saved_views import directory_views_context
from outreach.web.campaigns.queries import TimelineItem, entry_timeline
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options, requested_page
from outreach.web.search import INDEX_NOT_BUILT, current_index, page_message
from scoring import IndexMissing, explain_blog, scores_by_blog, similar_bloggers


def read_directory_filters() -> tuple[DirectorySearchForm, DirectoryFilters, str]:
    """The search form, the filters it gives (none when invalid), and what was wrong."""
    form = DirectorySearchForm(request.args)
    form.niche.choices = options([(0, "(none)")] + niche_choices(get_session()))
    form.language.choices = language_choices(get_session())
    custom = {field.id: field for field in all_fields(get_session())}
    form.custom_field.choices = options([(0, "(none)")] + [(field.id, field.name) for field in custom.values()])
    valid = form.validate() if request.args else True
    chosen = custom.get(form.custom_field.data or 0)
    if valid and chosen is not None:
        try:
            matching_bloggers(chosen, form.custom_value.data or "")
        except FieldRefused as error:
            form.custom_value.errors = [str(error)]
            valid = False
    if not valid:
        problem = "Check the search fields: " + "; ".join(
            f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items() if errors)
        return form, DirectoryFilters(), problem
    return form, DirectoryFilters(
        text=(form.q.data or "").strip(), tag=(form.tag.data or "").strip(),
        status=form.status.data or "", posted_after=form.posted_after.data,
        posted_before=form.posted_before.data, sort=form.sort.data or "name", niche_id=form.niche.data or None,
        language=form.language.data or "", custom_field=chosen, custom_value=(form.custom_value.data or "").strip(),
    ), ""


def language_choices(session) -> list[tuple[str, str]]:
    """Any language, then those the directory's blogs write in, with how many blogs."""
    return options([("", "Any")] + [(code, f"{name} ({count:,})") for code, name, count in languages_in_use(session)])


@bp.route("/blogs/")
def directory():
    return render_directory()


def render_directory(add_form: AddBlogForm | None = None, status: int = 200):
    """The directory page; add_form brings back a refused URL to the person who typed it."""
    session = get_session()
    form, filters, problem = read_directory_filters()
    if problem:
        flash(problem, "error")
    page = requested_page(request.args)
    scores = niche_scores(session, filters.niche_id)
    if scores is not None:
        rows, total = directory_page_by_score(session, filters, page, scores)
    else:
        rows, total = directory_page(session, filters, page)
    more = total > COUNT_CAP
    pages = max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))
    args = {key: value for key, value in request.args.items() if key != "page"}
    if add_form is None:
        add_form = AddBlogForm(formdata=None)
    return render_template(
        "bloggers/directory.html", form=form, rows=rows, total=min(total, COUNT_CAP), more=more,
        page=page, pages=pages, has_next=page < pages or (more and len(rows) == PAGE_SIZE),
        args=args, add_form=add_form,
        import_form=ImportForm(formdata=None), scores=scores,
        campaigns=session.exec(visible_campaigns(current_user).where(Campaign.is_archived.is_(False))).all(),
        **directory_views_context(session),
    ), status


def niche_scores(session, niche_id: int | None) -> dict[int, float] | None:
    """Every blog's score for the niche, or None when no niche is chosen or no index exists."""
    niche = session.get(Niche, niche_id) if niche_id else None
    if niche is None:
        return None
    try:
        index = current_index()
    except IndexMissing:
        flash("The search index has not been built yet, so blogs cannot be sorted by score.", "warning")
        return None
    return scores_by_blog(index, niche_spec(session, niche))


def profile_context(session, blogger, relationship_form=None, note_form=None):
    blogs = blogger_blogs(session, blogger.id)
    memberships = blogger_memberships(session, blogger.id)
    # Every entry has a campaign and a stage, so the memberships are all the entries.
    # Most bloggers are in no campaign and have no notes: skip what only those need.
    visible = {campaign.id for campaign in session.exec(visible_campaigns(current_user))} if memberships else set()
    # A campaign's history (pitches, replies, samples, its notes, even its stage) is private to
    # those who may open it, as in the API: elsewhere the profile says only since when.
    timeline = entry_timeline(session, [entry.id for entry, campaign, _ in memberships if campaign.id in visible])
    notes = blogger_notes(session, blogger.id)
    users = {user.id: user.display_name for user in session.exec(select(User))} if notes else {}
    for note in notes:
        timeline.append(TimelineItem(note.created_at, "note", "Note", note.body, users.get(note.author_id, "")))
    timeline.sort(key=lambda item: item.at, reverse=True)
    relationship_form = relationship_form or RelationshipForm(
        relationship_status=blogger.relationship_status if blogger.relationship_set_by_hand
        else relationships.FOLLOW_PIPELINE)
    similar, similar_message = similar_to(session, blogs)
    return {
        "engagement": combined_rates([(blog.details or {}).get("engagement") for blog in blogs]),
        "platforms": {blog.id: blog.platform for blog in blogs},
        "merge_form": MergeForm(prefix="merge"),
        "topics": topic_evidence(session, blogs),
        "marks": marks_on_blog(session, blogs[0].id) if blogs else {},
        "similar": similar,
        "similar_message": similar_message,
        "blogger": blogger,
        "blogs": blogs,
        "contacts": blogger_contacts(session, blogger.id),
        "posts": recent_posts(session, [blog.id for blog in blogs]),
        "memberships": [(entry, campaign, stage, campaign.id in visible) for entry, campaign, stage in memberships],
        "timeline": timeline,
        "relationship_form": relationship_form,
        "custom_fields": profile_fields(session, blogger.id),
        "note_form": note_form or BloggerNoteForm(prefix="note"),
        "status_labels": STATUS_LABELS,
    }


def profile_fields(session, blogger_id: int) -> list:
    """The team's fields, each with this blogger's value ("" when none)."""
    values = values_of(session, [blogger_id])[blogger_id]
    return [(field, values.get(field.id, "")) for field in all_fields(session)]


SIMILAR_COUNT = 8
MAX_CHANNELS_COMPARED = 5  # a blogger's channels whose lookalikes are merged, the first added first
MAX_NICHES_ON_PROFILE = 12


def topic_evidence(session, blogs):
    """For each niche, where this blogger's first blog ranks and why."""
    if not blogs:
        return []
    try:
        index = current_index()
    except IndexMissing:
        return []
    rows = []
    for niche in session.exec(select(Niche).order_by(Niche.name).limit(MAX_NICHES_ON_PROFILE)):
        explained = explain_blog(index, niche_spec(session, niche), blogs[0].id)
        if explained is not None:
            position, out_of, ranked = explained
            rows.append((niche, position, out_of, ranked))
    rows.sort(key=lambda row: -row[3].score)
    return rows


def similar_to(session, blogs):
    """Bloggers like this one: other bloggers whose channels write most like any of this
    blogger's channels, each blogger once, by their closest channel."""
    if not blogs:
        return [], "No blog to compare."
    try:
        index = current_index()
    except IndexMissing:
        return [], INDEX_NOT_BUILT
    own = {blog.id for blog in blogs}
    found, messages = {}, []
    for blog in blogs[:MAX_CHANNELS_COMPARED]:
        # Room for this blogger's own channels and for several channels of one other blogger.
        ranking = similar_bloggers(index, blog.id, top=2 * SIMILAR_COUNT + len(own))
        messages.append(ranking.message)
        for row in ranking.bloggers:
            best = found.get(row.blog_id)
            if row.blog_id not in own and (best is None or row.score > best.score):
                found[row.blog_id] = row
    if not found:
        return [], page_message(next((message for message in messages if message), "No blog alike yet."))
    owners = dict(session.exec(select(Blog.id, Blog.blogger_id).where(Blog.id.in_(list(found)))).all())
    by_owner = {}
    for row in sorted(found.values(), key=lambda row: -row.score):
        owner = owners.get(row.blog_id)
        key = owner if owner is not None else f"blog {row.blog_id}"
        if key not in by_owner:
            by_owner[key] = (row, owner)
    return list(by_owner.values())[:SIMILAR_COUNT], ""


@bp.route("/bloggers/<int:blogger_id>/")
def profile(blogger_id: int):
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    return render_template("bloggers/profile.html", **profile_context(session, blogger))


@bp.route("/bloggers/<int:blogger_id>/relationship", methods=["POST"])
def set_relationship(blogger_id: int):
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    form = RelationshipForm()
    if blogger.do_not_contact:
        flash("This blogger is on the do-not-contact list; an admin must remove them first.", "error")
        return redirect(url_for("bloggers.profile", blogger_id=blogger.id))
    if not form.validate_on_submit():
        flash("Choose a relationship status from the list.", "error")
        return render_template("bloggers/profile.html",
                               **profile_context(session, blogger, relationship_form=form)), 400
    relationships.set_relationship(session, current_user, blogger, form.relationship_status.data)
    session.commit()
    how = "set by hand" if blogger.relationship_set_by_hand else "following the pipeline"
    flash(f"Relationship set to {STATUS_LABELS[blogger.relationship_status]} ({how}).", "success")
    return redirect(url_for("bloggers.profile", blogger_id=blogger.id))


@bp.route("/bloggers/<int:blogger_id>/notes", methods=["POST"])
def add_note(blogger_id: int):
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    form = BloggerNoteForm(prefix="note")
    if not form.validate_on_submit():
        flash("The note was not added: " + (form.body.errors or ["write something in it."])[0], "error")
        return render_template("bloggers/profile.html",
                               **profile_context(session, blogger, note_form=form)), 400
    pipeline.add_note(session, current_user, blogger.id, form.body.data, settings=current_app.config)
    session.commit()
    flash("Note added.", "success")
    return redirect(url_for("bloggers.profile", blogger_id=blogger.id))


@bp.route("/blogs/export.csv")
def export_directory():
    """The directory, with the page's current filters, as CSV."""
    _, filters, problem = read_directory_filters()
    if problem:
        return Response(problem + "\n", status=400, mimetype="text/plain")
    session = get_session()
    return csv_response("blogs.csv", *directory_table(session, directory_statement(session, filters)))


@bp.route("/blogs/add", methods=["POST"])
def add_blog_view():
    """Add a blog by URL; the next crawl finds its feed."""
    session = get_session()
    form = AddBlogForm()
    if not form.validate_on_submit():
        flash("Enter the blog's homepage or feed URL.", "error")
        return render_directory(add_form=form, status=400)
    try:
        blog, created = queue_blog(session, form.url.data, current_user,
                                   tags=[t.strip() for t in (form.tags.data or "").split(",") if t.strip()])
    except IntakeError as error:
        session.rollback()
        flash(f"Not added: {error}", "error")
        return render_directory(add_form=form, status=400)
    if created:
        audit.record(session, current_user, "added", "blog", blog.id, url=blog.feed_url)
        session.commit()
        flash(f"Added {blog.feed_url}: its feed is found and read on the next crawl.", "success")
    else:
        flash(f"Already in the directory: {blog.title or blog.feed_url}.", "info")
    return redirect(url_for("bloggers.directory"))


@bp.route("/blogs/import", methods=["POST"])
def import_blogs_view():
    """Import an OPML or CSV list; bad rows are listed with their line."""
    session = get_session()
    form = ImportForm()
    if not form.validate_on_submit():
        flash("Choose an OPML or CSV file to import.", "error")
        return redirect(url_for("bloggers.directory"))
    upload = form.file.data
    try:
        report = import_upload(session, upload.filename or "", upload.read(), current_user)
    except IntakeError as error:
        session.rollback()
        flash(f"Nothing imported: {error}.", "error")
        return redirect(url_for("bloggers.directory"))
    audit.record(session, current_user, "imported", "blog", None, added=report.added, file=upload.filename)
    session.commit()
    flash(report.line() + ".", "success" if report.added else "info")
    for kind, rows in (("duplicates skipped", report.duplicates), ("rows with problems", report.problems)):
        for row in rows[:20]:
            flash(f"{upload.filename}: {row}", "warning")
        if len(rows) > 20:
            flash(f"... and {len(rows) - 20} more {kind}.", "warning")
    return redirect(url_for("bloggers.directory"))


@bp.route("/blogs/<int:blog_id>/refresh", methods=["POST"])
def refresh_now(blog_id: int):
    """Queue a refresh: the scheduler runs the crawler's refresh_blog on it within a minute."""
    session = get_session()
    blog = get_blog_or_404(session, blog_id)
    request_refresh(session, blog)
    audit.record(session, current_user, "requested_refresh", "blog", blog.id)
    session.commit()
    flash(f"{blog.title or blog.feed_url} will be refreshed within a minute.", "success")
    return redirect(safe_next_url(request.form.get("next"), default=url_for("bloggers.directory")))
