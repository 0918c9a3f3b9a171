"""Queries and rules about niches: create and edit with validation, look up by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, or_, select

from outreach.core.errors import Refused
from outreach.core.models import Blog, Niche, NicheFit, NicheSeed, Post, limits_of, utcnow
from outreach.core.terms import split_terms
from outreach.core.urls import split_url
from outreach.core.vocabulary import asking_words, brief_topic, names_a_subject

MAX_NAME = limits_of(Niche, "name").max_length
MAX_BRIEF = limits_of(Niche, "brief").max_length
MAX_WEIGHT = 10.0
SEED_BLOG_POSTS = 10  # a blog given as a seed lends its newest posts as examples
# A word: two or more letters or digits, at least one a letter ("V60" and "4K", not "42").
_WORD = re.compile(r"(?=[^\W_]*[^\W\d_])[^\W_]{2,}")


@dataclass(frozen=True)
class NicheSpec:
    """A niche as plain data, whether it comes from the database or a benchmark."""

    name: str
    brief: str
    keywords: tuple[tuple[str, float], ...] = ()  # (term or phrase, weight)
    exclusions: tuple[str, ...] = ()
    seed_texts: tuple[str, ...] = ()
    good_blog_ids: tuple[int, ...] = ()  # blogs a person marked a good fit for the niche
    poor_blog_ids: tuple[int, ...] = ()  # ... and not a fit

    @property
    def fits(self) -> dict[int, bool]:
        """The marks by blog id: True a good fit, False not a fit (as niche_fits reads them)."""
        return {**dict.fromkeys(self.good_blog_ids, True), **dict.fromkeys(self.poor_blog_ids, False)}

    @property
    def topic(self) -> str:
        """The brief as query text: its words of asking left out."""
        return brief_topic(self.brief)


class NicheError(Refused):
    """A niche cannot be found, created or changed as asked; the message says why."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field  # the form field the message belongs to


def parse_keywords(value: str) -> list[dict]:
    """'trail running:2, shoes' -> [{'term': 'trail running', 'weight': 2.0}, {...: 1.0}]."""
    keywords = []
    for item in split_terms(value):
        term, _, weight_text = item.rpartition(":") if ":" in item else (item, "", "")
        term = term.strip()
        try:
            weight = float(weight_text) if weight_text.strip() else 1.0
        except ValueError:
            raise NicheError(f"keyword {item!r}: the weight after ':' must be a number") from None
        keywords.append(checked_keyword(term, weight, shown=item))
    return keywords


def checked_keyword(term: str, weight: float, shown: str = "") -> dict:
    """A keyword as a niche keeps it, or a NicheError that says what is wrong with it."""
    shown = shown or term
    if not 0 < weight <= MAX_WEIGHT:
        raise NicheError(f"keyword {shown!r}: the weight must be above 0 and at most {MAX_WEIGHT:g}")
    if not _WORD.search(term):
        raise NicheError(f"keyword {shown!r} has no word in it")
    return {"term": " ".join(term.split()), "weight": weight}


def format_keywords(keywords: list[dict]) -> str:
    """Keywords as a person types them: 'trail running:2, shoes' (a weight of 1 left out)."""
    return ", ".join(item["term"] if float(item.get("weight", 1)) == 1 else f"{item['term']}:{float(item['weight']):g}"
                     for item in keywords)


def niche_by_name(session: Session, name: str) -> Niche | None:
    return session.exec(select(Niche).where(Niche.name == name.strip())).first()


def get_niche(session: Session, name: str) -> Niche:
    """The niche with this name, or a NicheError that lists the known names."""
    niche = niche_by_name(session, name)
    if niche is None:
        names = session.exec(select(Niche.name).order_by(Niche.name)).all()
        known = f" Known niches: {', '.join(names)}." if names else " There are no niches yet."
        raise NicheError(f"no niche named {name.strip()!r}.{known}")
    return niche


def list_niches(session: Session) -> Sequence[Niche]:
    return session.exec(select(Niche).order_by(Niche.name)).all()


def niche_seeds(session: Session, niche_id: int) -> Sequence[NicheSeed]:
    return session.exec(select(NicheSeed).where(NicheSeed.niche_id == niche_id).order_by(NicheSeed.id)).all()


def create_niche(
    session: Session,
    name: str,
    brief: str,
    keywords: Iterable[dict] = (),
    exclusions: Iterable[str] = (),
    seed_urls: Iterable[str] = (),
    seed_texts: Iterable[str] = (),
    created_by_id: int | None = None,
    discover_every_days: int = 0,
) -> Niche:
    """Add a niche with its seeds (discovery again every `discover_every_days`, 0: never); the
    caller commits."""
    name = _valid_name(name)
    if niche_by_name(session, name) is not None:
        raise NicheError(f"a niche named {name!r} already exists: edit that one, or choose another name")
    niche = Niche(
        name=name, brief=_valid_brief(brief), keywords=list(keywords),
        exclusions=_valid_exclusions(exclusions), created_by_id=created_by_id,
        discover_every_days=_valid_interval(discover_every_days),
    )
    session.add(niche)
    session.flush()
    add_seeds(session, niche, seed_urls, seed_texts)
    return niche


def update_niche(
    session: Session,
    name: str,
    *,
    new_name: str | None = None,
    brief: str | None = None,
    keywords: Iterable[dict] | None = None,
    exclusions: Iterable[str] | None = None,
    add_seed_urls: Iterable[str] = (),
    add_seed_texts: Iterable[str] = (),
    remove_seed_ids: Iterable[int] = (),
    discover_every_days: int | None = None,
) -> Niche:
    """Change only what is given (`discover_every_days` 0: discovery only when asked); the caller commits."""
    niche = get_niche(session, name)
    if new_name is not None and new_name.strip() != niche.name:
        new_name = _valid_name(new_name)
        if niche_by_name(session, new_name) is not None:
            raise NicheError(f"a niche named {new_name!r} already exists")
        niche.name = new_name
    if brief is not None:
        niche.brief = _valid_brief(brief)
    if keywords is not None:
        niche.keywords = list(keywords)
    if exclusions is not None:
        niche.exclusions = _valid_exclusions(exclusions)
    if discover_every_days is not None:
        niche.discover_every_days = _valid_interval(discover_every_days)
    seeds = {seed.id: seed for seed in niche_seeds(session, niche.id)}
    for seed_id in remove_seed_ids:
        if seed_id not in seeds:
            raise NicheError(f"niche {niche.name!r} has no seed {seed_id}")
        session.delete(seeds[seed_id])
    add_seeds(session, niche, add_seed_urls, add_seed_texts)
    niche.updated_at = utcnow()
    session.add(niche)
    return niche


MAX_DISCOVERY_INTERVAL = 365


def _valid_interval(days: int) -> int | None:
    """Days between discoveries, 1 to a year; 0 (or none): only when a person asks."""
    if not days:
        return None
    if not 1 <= days <= MAX_DISCOVERY_INTERVAL:
        raise NicheError(f"discovery runs every 1 to {MAX_DISCOVERY_INTERVAL} days, or never (0), not {days}")
    return days


def due_for_discovery(session: Session, now: datetime) -> list[Niche]:
    """The niches whose discovery runs again by now: never run by the scheduler, or not for
    their interval, and not already asked for."""
    due = []
    for niche in session.exec(select(Niche).where(Niche.discover_every_days.is_not(None),
                                                  Niche.discovery_requested_at.is_(None)).order_by(Niche.id)):
        if niche.discovered_at is None or niche.discovered_at + timedelta(days=niche.discover_every_days) <= now:
            due.append(niche)
    return due


def delete_niche(session: Session, name: str) -> None:
    """Remove a niche and its seeds; campaigns keep running without it. The caller commits."""
    niche = get_niche(session, name)
    # Seeds first, in SQL: the ORM knows no relationship to order the two deletes by.
    session.execute(delete(NicheSeed).where(NicheSeed.niche_id == niche.id))
    session.delete(niche)


def add_seeds(session: Session, niche: Niche, urls: Iterable[str], texts: Iterable[str]) -> None:
    """Attach seed URLs and pasted seed texts. A URL of a post we hold uses that post's text;
    that of a blog we hold (its homepage or feed) lends the blog's newest posts; any other URL
    is read by the next crawl (crawlers.seeds)."""
    for url in urls:
        url = url.strip()
        parts = split_url(url)
        if parts is None:
            raise NicheError(f"seed URL {url!r} is not a valid URL")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NicheError(f"seed URL {url!r} is not an http(s) URL")
        post = post_at(session, url)
        held = post is not None or blog_at(session, url) is not None
        session.add(NicheSeed(
            niche_id=niche.id, url=url, post_id=post.id if post else None,
            text=post.text if post else "", fetched_at=utcnow() if held else None,
        ))
    for text in texts:
        if not _WORD.search(text or ""):
            raise NicheError("a seed text must contain words")
        session.add(NicheSeed(niche_id=niche.id, text=text.strip()))


def niche_spec(session: Session, niche: Niche) -> NicheSpec:
    """The niche as the scorer takes it: brief, weighted keywords, exclusions, seed texts, and
    the blogs people marked a good fit or not a fit."""
    fits = niche_fits(session, niche.id)
    texts = []
    for seed in niche_seeds(session, niche.id):
        text = seed.text
        if not text and seed.post_id is not None:
            post = session.get(Post, seed.post_id)
            text = post.text if post else ""
        if text:
            texts.append(text)
        elif seed.url and (blog_id := blog_at(session, seed.url)) is not None:
            texts.extend(session.exec(select(Post.text).where(Post.blog_id == blog_id)
                                      .order_by(Post.published_at.desc(), Post.id.desc()).limit(SEED_BLOG_POSTS)))
    return NicheSpec(
        name=niche.name,
        brief=niche.brief,
        keywords=tuple((k["term"], float(k.get("weight", 1.0))) for k in niche.keywords),
        exclusions=tuple(niche.exclusions),
        seed_texts=tuple(texts),
        good_blog_ids=tuple(sorted(blog_id for blog_id, fit in fits.items() if fit)),
        poor_blog_ids=tuple(sorted(blog_id for blog_id, fit in fits.items() if not fit)),
    )


def niche_fits(session: Session, niche_id: int) -> dict[int, bool]:
    """The niche's verdicts on blogs, by blog id: True a good fit, False not a fit."""
    return dict(session.exec(select(NicheFit.blog_id, NicheFit.fit).where(NicheFit.niche_id == niche_id)).all())


def seed_state(seed: NicheSeed) -> str:
    """What became of a seed URL, in a few words for the niche's pages and `outreach niche show`."""
    if seed.post_id is not None:
        return "the text of a post we hold"
    if seed.text:
        return f"read, {len(seed.text.split())} words"
    if seed.error:
        return f"could not be read: {seed.error}"
    if seed.fetched_at is not None:
        return "a blog we hold: its newest posts are the example"
    return "not read yet: the next crawl reads it"


def post_at(session: Session, url: str) -> Post | None:
    """The post we hold at this URL, if any: a seed URL's text."""
    return session.exec(select(Post).where(Post.url == url)).first()


def blog_at(session: Session, url: str) -> int | None:
    """The id of the blog we hold whose homepage or feed is at this URL: a seed URL's posts."""
    return session.exec(select(Blog.id).where(or_(Blog.homepage_url == url, Blog.feed_url == url))
                        .order_by(Blog.id)).first()


def _valid_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise NicheError("a niche needs a name")
    if len(name) > MAX_NAME:
        raise NicheError(f"a niche name has at most {MAX_NAME} characters")
    return name


def _valid_brief(brief: str) -> str:
    brief = (brief or "").strip()
    if not _WORD.search(brief):
        raise NicheError("the brief is empty: describe the niche in a few words or sentences", "brief")
    if not names_a_subject(brief):
        raise NicheError(f"the brief names no subject, only what is asked ({', '.join(asking_words(brief))}): say what the bloggers "
                         "write about, e.g. 'trail running shoes and races'", "brief")
    if len(brief) > MAX_BRIEF:
        raise NicheError(f"the brief has at most {MAX_BRIEF} characters", "brief")
    return brief


def _valid_exclusions(exclusions: Iterable[str]) -> list[str]:
    cleaned = [" ".join(term.split()) for term in exclusions]
    if any(not _WORD.search(term) for term in cleaned):
        raise NicheError("every exclusion must contain a word")
    return cleaned
