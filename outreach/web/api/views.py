"""The API's operations on the directory side: blogs, bloggers, niches and their rankings.
Thin views over the same queries and rules as the pages."""

from __future__ import annotations

from flask import g, jsonify
from sqlmodel import select

from outreach.core import audit
from outreach.core.blog_intake import IntakeError, queue_blog
from outreach.core.custom_fields import (
    add_field,
    all_fields,
    fields_by_name,
    remove_field,
    set_values,
    value_count,
    values_of,
)
from outreach.core.engagement import combined_rates
from outreach.core.languages import blogs_writing_in
from outreach.core.models import (
    Blog,
    Blogger,
    ContactDetail,
    CustomField,
    Niche,
)
from outreach.core.niche_fits import mark_fit
from outreach.core.niches import NicheError, niche_fits, niche_spec
from outreach.core.relationships import set_relationship
from outreach.web.api.http import ApiError, dump, dump_list, parse_body, parse_query
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import (
    BlogCreate,
    BloggerOut,
    BloggerUpdate,
    BlogList,
    BlogOut,
    BlogQuery,
    ContactOut,
    CustomFieldCreate,
    CustomFieldOut,
    CustomFieldRemoval,
    FitOut,
    FitSet,
    LookalikeOut,
    LookalikesOut,
    Me,
    NicheOut,
    RankedOut,
    RankingOut,
    RankingQuery,
    SimilarQuery,
)
from outreach.web.api.spec import openapi_document, operation
from outreach.web.bloggers.queries import DirectoryFilters, capped_count, directory_statement
from outreach.web.db import get_session
from outreach.web.search import INDEX_NOT_BUILT, current_index
from scoring import IndexMissing, rank_niche, similar_bloggers


def openapi():
    """The OpenAPI document of this API."""
    return jsonify(openapi_document())


@operation("GET", "/me", "Who the token belongs to", response=Me)
def get_me():
    return dump(Me, g.api_user)


@operation("GET", "/blogs", "Search blogs", query=BlogQuery, response=BlogList)
def list_blogs():
    query = parse_query(BlogQuery)
    session = get_session()
    filters = DirectoryFilters(text=query.q.strip(), tag=query.tag.strip(), language=query.language)
    statement = directory_statement(session, filters)
    total = capped_count(session, filters, statement.with_only_columns(Blog.id))
    rows = session.exec(statement.offset((query.page - 1) * query.per_page).limit(query.per_page)).all()
    items = [BlogOut.model_validate(blog) for blog, _ in rows]
    return jsonify(BlogList(items=items, page=query.page, per_page=query.per_page, total=total)
                   .model_dump(mode="json"))


@operation("POST", "/blogs", "Add a blog by URL; it is crawled (and its feed found) on the next crawl",
           body=BlogCreate, response=BlogOut, status=201)
def create_blog_api():
    data = parse_body(BlogCreate)
    session = get_session()
    try:
        blog, created = queue_blog(session, data.url, g.api_user, [tag[:100] for tag in data.tags])
    except IntakeError as error:
        raise ApiError(422, f"Not added: {error}") from None
    if created:
        audit.record(session, g.api_user, "added", "blog", blog.id, url=blog.feed_url, via="api")
    session.commit()
    return dump(BlogOut, blog, 201 if created else 200)


@operation("GET", "/blogs/<int:blog_id>", "One blog with its crawl health", response=BlogOut)
def get_blog(blog_id: int):
    return dump(BlogOut, get_or_404(Blog, blog_id, "blog"))


@operation("GET", "/blogs/<int:blog_id>/similar", "Blogs whose recent writing is most like this blog's",
           query=SimilarQuery, response=LookalikesOut)
def get_similar(blog_id: int):
    get_or_404(Blog, blog_id, "blog")
    query = parse_query(SimilarQuery)
    try:
        ranking = similar_bloggers(current_index(), blog_id, top=query.top)
    except IndexMissing:
        return jsonify(LookalikesOut(items=[], ranked=0, message=INDEX_NOT_BUILT).model_dump(mode="json"))
    items = [LookalikeOut(**row.to_dict()) for row in ranking.bloggers]
    return jsonify(LookalikesOut(items=items, ranked=ranking.ranked, message=ranking.message).model_dump(mode="json"))


def blogger_out(blogger: Blogger) -> BloggerOut:
    session = get_session()
    contacts = session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger.id)
                            .order_by(ContactDetail.kind, ContactDetail.value)).all()
    channels = session.exec(select(Blog.id, Blog.details).where(Blog.blogger_id == blogger.id).order_by(Blog.id)).all()
    out = BloggerOut.model_validate(blogger)
    out.contacts = [ContactOut.model_validate(contact) for contact in contacts]
    out.blog_ids = [blog_id for blog_id, _ in channels]
    out.engagement = combined_rates([(details or {}).get("engagement") for _, details in channels])
    names = {field.id: field.name for field in all_fields(session)}
    out.fields = {names[field_id]: value for field_id, value in values_of(session, [blogger.id])[blogger.id].items()}
    return out


@operation("GET", "/bloggers/<int:blogger_id>", "One blogger with contacts and where each was found",
           response=BloggerOut)
def get_blogger(blogger_id: int):
    return jsonify(blogger_out(get_or_404(Blogger, blogger_id, "blogger")).model_dump(mode="json"))


@operation("PATCH", "/bloggers/<int:blogger_id>", "Set a blogger's relationship status, or the team's own fields",
           body=BloggerUpdate, response=BloggerOut, errors=(403,))
def update_blogger(blogger_id: int):
    blogger = get_or_404(Blogger, blogger_id, "blogger")
    change = parse_body(BloggerUpdate)
    if change.relationship_status is not None and blogger.do_not_contact:
        raise ApiError(403, "This blogger is on the do-not-contact list; an admin must remove them first.")
    session = get_session()
    if change.fields is not None:
        set_values(session, g.api_user, blogger, fields_by_name(session, change.fields))
    if change.relationship_status is not None:
        set_relationship(session, g.api_user, blogger, change.relationship_status, via="api")
    session.commit()
    return jsonify(blogger_out(blogger).model_dump(mode="json"))


@operation("GET", "/fields", "The team's own fields on every blogger", response=CustomFieldOut, list_response=True)
def list_custom_fields():
    return dump_list(CustomFieldOut, all_fields(get_session()))


@operation("POST", "/fields", "Add a field to every blogger's profile (managers)", body=CustomFieldCreate,
           response=CustomFieldOut, status=201, errors=(403,))
def create_custom_field():
    data = parse_body(CustomFieldCreate)
    session = get_session()
    field = add_field(session, g.api_user, data.name, data.kind, data.choices)
    session.commit()
    return dump(CustomFieldOut, field, 201)


@operation("DELETE", "/fields/<int:field_id>", "Remove a field and every blogger's value of it (managers)",
           query=CustomFieldRemoval, response=CustomFieldOut, errors=(403, 409))
def delete_custom_field(field_id: int):
    field = get_or_404(CustomField, field_id, "field")
    query = parse_query(CustomFieldRemoval)
    session = get_session()
    held = value_count(session, field)
    if query.values != held:
        raise ApiError(409, f"{field.name!r} holds {held} values, not {query.values}: read it again before removing.")
    shown = CustomFieldOut.model_validate(field)
    remove_field(session, g.api_user, field)
    session.commit()
    return dump(CustomFieldOut, shown)


@operation("GET", "/niches", "Every niche", response=NicheOut, list_response=True)
def list_niches():
    return dump_list(NicheOut, get_session().exec(select(Niche).order_by(Niche.name)))


@operation("GET", "/niches/<int:niche_id>", "One niche", response=NicheOut)
def get_niche(niche_id: int):
    return dump(NicheOut, get_or_404(Niche, niche_id, "niche"))


@operation("GET", "/niches/<int:niche_id>/ranking", "Bloggers ranked for the niche, best first, with evidence",
           query=RankingQuery, response=RankingOut)
def get_ranking(niche_id: int):
    niche = get_or_404(Niche, niche_id, "niche")
    query = parse_query(RankingQuery)
    session = get_session()
    spec = niche_spec(session, niche)
    within = blogs_writing_in(session, query.language) if query.language else None
    try:
        ranking = rank_niche(current_index(), spec, top=query.top, within=within)
    except IndexMissing:
        return jsonify(RankingOut(items=[], ranked=0, without_posts=0, message=INDEX_NOT_BUILT).model_dump(mode="json"))
    fits = spec.fits
    items = [RankedOut(**row.to_dict(), fit=fits.get(row.blog_id)) for row in ranking.bloggers]
    return jsonify(RankingOut(items=items, ranked=ranking.ranked, without_posts=ranking.without_posts,
                              message=ranking.message).model_dump(mode="json"))


@operation("GET", "/niches/<int:niche_id>/fits", "The blogs people marked a good fit or not a fit for the niche",
           response=FitOut, list_response=True)
def list_fits(niche_id: int):
    niche = get_or_404(Niche, niche_id, "niche")
    return jsonify([FitOut(niche_id=niche.id, blog_id=blog_id, fit=fit).model_dump(mode="json")
                    for blog_id, fit in sorted(niche_fits(get_session(), niche.id).items())])


@operation("PUT", "/niches/<int:niche_id>/fits/<int:blog_id>", "Mark a blog a good fit or not a fit for the "
           "niche, or clear the mark", body=FitSet, response=FitOut)
def set_fit(niche_id: int, blog_id: int):
    niche = get_or_404(Niche, niche_id, "niche")
    data = parse_body(FitSet)
    session = get_session()
    try:
        mark_fit(session, g.api_user, niche, blog_id, data.fit)
    except NicheError as error:
        raise ApiError(404, str(error).capitalize() + ".") from None
    session.commit()
    return jsonify(FitOut(niche_id=niche.id, blog_id=blog_id, fit=data.fit).model_dump(mode="json"))
