"""Storing an imported blog list: feeds are added as they are; homepages wait for the next
crawl to find their feed (no fetching during an import)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from outreach.models import Blog, ContactDetail

from crawlers.add import create_blog
from crawlers.blog_lists import ListRow, RowProblem


@dataclass
class ImportReport:
    added: int = 0
    already_known: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.added} blogs added, {self.already_known} already known, "
                f"{len(self.problems)} rows with problems")


def import_rows(session: Session, rows: list[ListRow], problems: list[RowProblem], *, source: str,
                added_by_id: int | None = None) -> ImportReport:
    """Add every good row once; the caller commits. Bad rows were reported by the parser."""
    report = ImportReport(problems=list(problems))
    known = set(session.exec(select(Blog.feed_url)))
    for row in rows:
        target = row.feed_url or row.url
        if target in known:
            report.already_known += 1
            continue
        known.add(target)
        blog = create_blog(session, target, row.url if row.feed_url else "", "", source=source, tags=row.tags,
                           name=row.name, notes=row.notes, added_by_id=added_by_id,
                           status="active" if row.feed_url else "pending")
        if row.email:
            session.add(ContactDetail(blogger_id=blog.blogger_id, kind="email", value=row.email,
                                      source_url="", found_by=f"imported {source} list, line {row.line}"))
        report.added += 1
    return report
