"""Niches set up from scripts: describe one (brief, keywords, exclusions, seeds) or change it, with
the niche form's rules and its warnings: no indexed post uses the niche's words, or its brief is in a
language no blog writes in."""

from __future__ import annotations

from flask import g, jsonify

from outreach.core import audit, lifecycle
from outreach.core.access import is_admin
from outreach.core.languages import niche_warning
from outreach.core.models import Niche
from outreach.core.niches import (
    NicheError,
    checked_keyword,
    create_niche,
    niche_by_name,
    niche_seeds,
    niche_spec,
    seed_state,
    update_niche,
)
from outreach.web.api.http import ApiError, dump, parse_body
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import NicheOut
from outreach.web.api.setup_schemas import NicheCreate, NicheRemoved, NicheSaved, NicheUpdate, SeedOut
from outreach.web.api.spec import operation
from outreach.web.db import get_session
from outreach.web.search import current_index
from scoring import IndexMissing, unmatched_reason


def saved(niche: Niche, status: int = 200):
    """The niche as saved, its seeds, and why its ranking would be empty, if it would."""
    session = get_session()
    try:
        reason = unmatched_reason(current_index(), niche_spec(session, niche))
    except IndexMissing:
        reason = ""
    seeds = [SeedOut(id=seed.id, url=seed.url, text_words=len(seed.text.split()), state=seed_state(seed))
             for seed in niche_seeds(session, niche.id)]
    shown = NicheOut.model_validate(niche).model_dump()
    return jsonify(NicheSaved(**shown, seeds=seeds, warning=niche_warning(session, reason, niche.brief) or None)
                   .model_dump(mode="json")), status


def refuse_taken_name(name: str, other_than: int | None = None) -> None:
    taken = niche_by_name(get_session(), " ".join(name.split()))
    if taken is not None and taken.id != other_than:
        raise ApiError(409, f"A niche named {taken.name!r} already exists: change that one, or choose another name.")


def refused(error: NicheError) -> ApiError:
    """The niche rules' refusal, nothing of the request kept."""
    get_session().rollback()
    return ApiError(422, f"{str(error)[:1].upper()}{str(error)[1:]}.")


def keywords_of(data) -> list[dict] | None:
    return None if data.keywords is None else [checked_keyword(item.term, item.weight) for item in data.keywords]


@operation("POST", "/niches", "Describe a niche: its bloggers are ranked by how closely what they write matches it",
           body=NicheCreate, response=NicheSaved, status=201, errors=(409,))
def create_niche_api():
    data = parse_body(NicheCreate)
    refuse_taken_name(data.name)
    session = get_session()
    try:
        niche = create_niche(session, data.name, data.brief, keywords=keywords_of(data) or [],
                             exclusions=data.exclusions or [], seed_urls=data.seed_urls, seed_texts=data.seed_texts,
                             created_by_id=g.api_user.id, discover_every_days=data.discover_every_days or 0)
    except NicheError as error:
        raise refused(error) from None
    audit.record(session, g.api_user, "created", "niche", niche.id, name=niche.name, via="api")
    session.commit()
    return saved(niche, 201)


@operation("PATCH", "/niches/<int:niche_id>", "Change a niche's name, brief, keywords, exclusions, seeds or "
           "discovery; only what is given", body=NicheUpdate, response=NicheSaved, errors=(409,))
def update_niche_api(niche_id: int):
    niche = get_or_404(Niche, niche_id, "niche")
    data = parse_body(NicheUpdate)
    if data.name is not None:
        refuse_taken_name(data.name, other_than=niche.id)
    session = get_session()
    try:
        update_niche(session, niche.name, new_name=data.name, brief=data.brief, keywords=keywords_of(data),
                     exclusions=data.exclusions, add_seed_urls=data.add_seed_urls, add_seed_texts=data.add_seed_texts,
                     remove_seed_ids=data.remove_seed_ids, discover_every_days=data.discover_every_days)
    except NicheError as error:
        raise refused(error) from None
    audit.record(session, g.api_user, "edited", "niche", niche.id, name=niche.name, via="api")
    session.commit()
    return saved(niche)


@operation("DELETE", "/niches/<int:niche_id>", "Delete a niche with its seeds and verdicts (admins); the campaigns "
           "that used it keep running without one", response=NicheRemoved, errors=(403,))
def delete_niche_api(niche_id: int):
    if not is_admin(g.api_user):
        raise ApiError(403, "Only an admin deletes a niche.")
    niche = get_or_404(Niche, niche_id, "niche")
    shown = {"id": niche.id, "name": niche.name}
    session = get_session()
    counts = lifecycle.remove_niche(session, g.api_user, niche)
    session.commit()
    return dump(NicheRemoved, {**shown, **counts})
