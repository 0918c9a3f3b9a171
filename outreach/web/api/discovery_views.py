"""The API's discovery: candidate blogs found in the links of a niche's best-ranked blogs,
listed, and added to the directory or rejected, as on the Discover page."""

from __future__ import annotations

from flask import g, jsonify

from outreach.core import audit
from outreach.core.candidates import (
    accept_candidate,
    read_again,
    reject_candidate,
    waiting_candidates,
    waiting_for_niche,
)
from outreach.core.models import BlogCandidate, Niche
from outreach.web.api.http import ApiError, dump, parse_body, parse_query
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import BlogOut, CandidateList, CandidateOut, CandidateQuery, DiscoverCreate, DiscoverOut
from outreach.web.api.spec import operation
from outreach.web.db import get_session
from outreach.web.discovery import discover_for_niche


@operation("GET", "/candidates", "Candidate blogs waiting for a decision, those linked from most known blogs "
           "first (with niche_id, those that would rank best for it first)",
           query=CandidateQuery, response=CandidateList)
def list_candidates():
    query = parse_query(CandidateQuery)
    start = (query.page - 1) * query.per_page
    if query.niche_id is None:
        rows = get_session().exec(waiting_candidates().offset(start).limit(query.per_page)).all()
    else:
        rows = waiting_for_niche(get_session(), query.niche_id)[start:start + query.per_page]
    items = [CandidateOut.model_validate(row) for row in rows]
    return jsonify(CandidateList(items=items, page=query.page, per_page=query.per_page).model_dump(mode="json"))


@operation("POST", "/candidates/discover", "Propose the blogs linked from the recent posts of a niche's "
           "best-ranked blogs; their blogrolls are read by the next crawl tick", body=DiscoverCreate,
           response=DiscoverOut)
def discover_candidates():
    data = parse_body(DiscoverCreate)
    session = get_session()
    niche = session.get(Niche, data.niche_id)
    if niche is None:
        raise ApiError(422, f"No niche {data.niche_id}.")
    result = discover_for_niche(session, niche)
    if not result.message:
        audit.record(session, g.api_user, "discovered", "niche", niche.id, candidates=len(result.found), via="api")
    session.commit()
    items = [CandidateOut.model_validate(row) for row in result.found]
    return jsonify(DiscoverOut(items=items, sources=result.sources, message=result.message).model_dump(mode="json"))


@operation("POST", "/candidates/<int:candidate_id>/accept", "Add a candidate to the directory as a blog; "
           "the next crawl finds its feed", response=BlogOut, status=201, errors=(409,))
def accept(candidate_id: int):
    session = get_session()
    candidate = waiting(candidate_id)
    blog = accept_candidate(session, candidate, g.api_user.id)
    session.flush()
    audit.record(session, g.api_user, "added", "blog", blog.id, url=blog.feed_url, candidate=candidate.id, via="api")
    session.commit()
    return dump(BlogOut, blog, 201)


@operation("POST", "/candidates/<int:candidate_id>/reject", "Reject a candidate: it is not proposed again",
           response=CandidateOut, errors=(409,))
def reject(candidate_id: int):
    session = get_session()
    candidate = waiting(candidate_id)
    reject_candidate(session, candidate)
    session.commit()
    return dump(CandidateOut, candidate)


@operation("POST", "/candidates/<int:candidate_id>/read-again", "Have the next crawl tick read a candidate's "
           "feed again and place it in the niches as they are now", response=CandidateOut, errors=(409,))
def reread(candidate_id: int):
    session = get_session()
    candidate = waiting(candidate_id)
    read_again(session, candidate)
    session.commit()
    return dump(CandidateOut, candidate)


def waiting(candidate_id: int) -> BlogCandidate:
    """The candidate, refused when a person already decided on it."""
    candidate = get_or_404(BlogCandidate, candidate_id, "candidate")
    if candidate.status != "proposed":
        raise ApiError(409, f"Candidate {candidate_id} was already {candidate.status}.")
    return candidate
