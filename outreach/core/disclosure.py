"""Whether a post says it was paid for or gifted: the disclosure that advertising rules (the FTC's
Endorsement Guides, the UK's ASA and CMA, Germany's "Werbung") ask of bloggers, and that a brand
who paid or sent a sample is answerable for too."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, select

from outreach.core.matching import fold
from outreach.core.models import SENT_SAMPLE_STATUSES, Fee, Sample

# Phrases as fold() writes them (case folded, accents off). Each is matched whole: "#ad" is not
# "#adventure", and a bare "gifted" (a gifted athlete) is not a disclosure. Everyday phrases that
# only sometimes disclose ("advertisement", "complimentary", "free of charge") are left out: a
# post wrongly read as disclosed hides one that is not, which a person would otherwise check.
PHRASES = (
    "#ad", "#ads", "#advert", "#advertisement", "#sponsored", "#sponsor", "#paid", "#partner", "#gifted",
    "#affiliate", "#pr", "#prsample", "#collab", "#werbung", "#anzeige", "#publicite", "#publi", "#adv",
    "sponsored", "sponsored post", "advertorial", "paid partnership", "paid post", "in partnership with",
    "in paid partnership", "in collaboration with", "gifted by", "was gifted", "were gifted", "kindly gifted",
    "kindly sent", "sent to me free", "sent me free", "provided free", "pr sample", "press sample",
    "affiliate link", "affiliate links", "i was paid", "i was compensated", "werbung", "anzeige",
    "unbezahlte werbung", "sponsorise", "publicite", "patrocinado", "publicidad", "sponsorizzato",
)
PATTERN = re.compile(r"(?<![\w#])(" + "|".join(re.escape(phrase) for phrase in
                                              sorted(PHRASES, key=len, reverse=True)) + r")(?!\w)")


def find_disclosure(texts: Iterable[str]) -> str:
    """The first disclosure phrase in these texts, as written in PHRASES; empty when none is there."""
    for text in texts:
        found = PATTERN.search(fold(text or ""))
        if found:
            return found.group(1)
    return ""


def disclosure_owed(session: Session, entry_ids: Iterable[int]) -> set[int]:
    """The entries whose blogger was paid (a fee not cancelled) or sent a sample: their posts owe
    a disclosure."""
    ids = list(entry_ids)
    if not ids:
        return set()
    paid = session.exec(select(Fee.entry_id).where(Fee.entry_id.in_(ids), Fee.status != "cancelled")).all()
    gifted = session.exec(select(Sample.entry_id).where(Sample.entry_id.in_(ids),
                                                        Sample.status.in_(SENT_SAMPLE_STATUSES))).all()
    return set(paid) | set(gifted)
