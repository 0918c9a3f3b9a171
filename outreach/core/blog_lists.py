"""Blog lists in and out: OPML (nested outlines, categories as tags) and CSV (name, url,
email, tags, notes). Pure functions; every bad row is reported with its line and reason."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from lxml import etree

from outreach.core.errors import Refused
from outreach.core.models import Blog, Blogger, limits_of
from outreach.core.sanitize import strip_control
from outreach.core.urls import BadUrl, normalise_url

CSV_FIELDS = ("name", "url", "email", "tags", "notes")
MAX_ROWS = 50_000
# A list's longer names and notes are cut to what the directory keeps (declared on the models).
MAX_NAME = limits_of(Blogger, "name").max_length
MAX_NOTES = limits_of(Blog, "notes").max_length
MAX_DEPTH = 256  # lxml's own limit on nested elements, without its "huge tree" option


class ListError(Refused):
    """The whole file is unusable (not OPML, not CSV, too big); nothing was imported."""


@dataclass
class ListRow:
    """One blog to add: a feed URL when the list gives one, else a homepage to discover."""

    line: int
    url: str
    feed_url: str = ""
    name: str = ""
    email: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # a CSV's other columns, by their header


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def parse_opml(data: bytes) -> tuple[list[ListRow], list[RowProblem]]:
    """Outlines with xmlUrl (feeds) or htmlUrl (homepages); parent outlines and `category`
    attributes become tags. Entity expansion and external entities are refused."""
    try:
        # defusedxml refuses entity declarations and external entities outright ...
        SafeElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise ListError(f"the OPML file uses XML features refused for safety ({type(error).__name__})") from None
    except SafeElementTree.ParseError as error:
        raise ListError(f"not an OPML file: {error}") from None
    # ... so lxml, which keeps line numbers for the report, only ever sees plain XML.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        # Well-formed (expat read it) yet refused by lxml: past its limit of 256 nested elements.
        raise ListError(f"the OPML file nests outlines more than {MAX_DEPTH} levels deep") from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml" or root.find("body") is None:
        raise ListError("not an OPML file: no <opml> root with a <body>")
    rows, problems = [], []

    def walk(element, tags):
        for outline in element.findall("outline"):
            line = outline.sourceline or 0
            title = (outline.get("title") or outline.get("text") or "").strip()
            categories = [part.strip().strip("/") for part in (outline.get("category") or "").replace(",", "/").split("/")]
            own_tags = tags + [tag for tag in categories if tag]
            feed, home = (outline.get("xmlUrl") or "").strip(), (outline.get("htmlUrl") or "").strip()
            if feed or home:
                try:
                    rows.append(ListRow(line=line, url=normalise_url(home) if home else "",
                                        feed_url=normalise_url(feed) if feed else "", name=title[:MAX_NAME],
                                        tags=own_tags))
                except BadUrl as error:
                    problems.append(RowProblem(line, f"outline {title!r}: {error}"))
            elif not len(outline):
                problems.append(RowProblem(line, f"outline {title!r} has neither xmlUrl nor htmlUrl"))
            walk(outline, own_tags + ([title] if len(outline) and title else []))

    walk(root.find("body"), [])
    if len(rows) > MAX_ROWS:
        raise ListError(f"the file lists {len(rows)} blogs; import at most {MAX_ROWS} at once")
    return rows, problems


def parse_csv(text: str) -> tuple[list[ListRow], list[RowProblem]]:
    """CSV with columns name, url, email, tags (separated by ; or |), notes; the header row
    is found by its names, and without one the columns are taken in that order. Under a header,
    the other columns' cells are kept by their names (the team's own fields)."""
    # A NUL or another control character means nothing in a list (PostgreSQL refuses a NUL).
    reader = csv.reader(io.StringIO(strip_control(text.lstrip("\ufeff"))))
    try:
        lines = list(reader)
    except csv.Error as error:
        raise ListError(f"not a CSV file: {error}") from None
    if len(lines) > MAX_ROWS + 1:
        raise ListError(f"the file has {len(lines)} lines; import at most {MAX_ROWS} at once")
    if not lines:
        raise ListError("the CSV file is empty")
    header = [cell.strip().lower() for cell in lines[0]]
    if "url" in header:
        columns, start = {name: header.index(name) for name in CSV_FIELDS if name in header}, 1
        others = {name.strip(): index for index, name in enumerate(lines[0])
                  if name.strip() and name.strip().lower() not in CSV_FIELDS}
    else:
        columns, start, others = {name: index for index, name in enumerate(CSV_FIELDS)}, 0, {}
    rows, problems = [], []
    for number, cells in enumerate(lines[start:], start=start + 1):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name):
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        raw_url = cell("url")
        if not raw_url:
            problems.append(RowProblem(number, "no url"))
            continue
        try:
            url = normalise_url(raw_url)
        except BadUrl as error:
            problems.append(RowProblem(number, str(error)))
            continue
        email = cell("email")
        if email and ("@" not in email or " " in email):
            problems.append(RowProblem(number, f"not an email address: {email!r}"))
            continue
        tags = [tag.strip() for tag in cell("tags").replace("|", ";").split(";") if tag.strip()]
        extra = {name: cells[index].strip() for name, index in others.items()
                 if index < len(cells) and cells[index].strip()}
        rows.append(ListRow(line=number, url=url, name=cell("name")[:MAX_NAME], email=email.lower(), tags=tags,
                            notes=cell("notes")[:MAX_NOTES], extra=extra))
    return rows, problems


def export_opml(blogs: list[dict], title: str = "Outreach blogs") -> bytes:
    """OPML 2.0 of blogs given as dicts with title, feed_url, homepage_url, tags."""
    opml = Element("opml", version="2.0")
    head = SubElement(opml, "head")
    SubElement(head, "title").text = title
    body = SubElement(opml, "body")
    for blog in blogs:
        attributes = {"type": "rss", "text": blog.get("title") or blog["feed_url"],
                      "title": blog.get("title") or "", "xmlUrl": blog["feed_url"]}
        if blog.get("homepage_url"):
            attributes["htmlUrl"] = blog["homepage_url"]
        if blog.get("tags"):
            attributes["category"] = ",".join(blog["tags"])
        SubElement(body, "outline", attributes)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(opml, encoding="utf-8")


def export_csv(blogs: list[dict]) -> str:
    """CSV in the import format (name, url, email, tags, notes), formula-guarded."""
    from outreach.core.exports import csv_text

    return csv_text(list(CSV_FIELDS), [
        (blog.get("name") or blog.get("title") or "", blog.get("homepage_url") or blog["feed_url"],
         blog.get("email", ""), ";".join(blog.get("tags", [])), blog.get("notes", ""))
        for blog in blogs])
