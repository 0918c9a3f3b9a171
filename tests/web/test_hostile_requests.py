"""Every page a signed-in admin reaches from the home page of a worked demo, asked again with
hostile values: in its query, in its path's ids and in each of its forms' fields. Each answer
is a page or a clear refusal, never a server error, and a refused form changes nothing."""

from __future__ import annotations

import io
import re
import traceback
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlmodel import Session, func, select

from outreach.core.db import make_engine
from outreach.core.models import Blog, Blogger, Campaign, Niche, PipelineEntry, Pitch
from tests.conftest import PASSWORD
from tests.worked_demo import add_person, build_worked_demo

# What a careless or hostile person types: nothing, numbers out of every range, not numbers,
# markup, an impossible date, a NUL byte (PostgreSQL refuses it in text), bad escapes, a
# very long value.
HOSTILE = ["", "-1", "0", "99999999999999999999", "1e309", "nan", "abc", "<script>alert(1)</script>",
           "2026-13-45", "\x00", "%zz", "😀", "x" * 3000]
# Ids in a path: none, past 32 bits, past 64 bits.
HOSTILE_IDS = ["0", str(2**31), str(2**63), "9" * 30]
# Pages that end the session or only send a file back.
NOT_FOLLOWED = re.compile(r"^/(logout|static/)")
PAGES_PER_SHAPE = 2  # two blogs' profiles find what one does not; twenty add only time
MAX_PAGES = 400


@pytest.fixture(params=["admin", "staff"])
def worked_demo(request, app, database_url):
    """A worked demo in this test's database; (email, password) of its admin, or of a staff
    member of its first campaign, who is refused what only managers may do."""
    summary = build_worked_demo(app, database_url)
    if request.param == "admin":
        return summary.admin_email, summary.admin_password
    add_person(database_url, "fuzz@outreach.local", "staff", "Fuzz Staff", first_campaign=True)
    return "fuzz@outreach.local", PASSWORD


def shape(url: str) -> str:
    """A URL with its ids blanked and its query's values dropped: pages of one kind."""
    parts = urlsplit(url)
    return re.sub(r"/\d+", "/N", parts.path) + "?" + "&".join(sorted({k for k, _ in parse_qsl(parts.query)}))


def reachable_pages(client) -> list[str]:
    """The app's own pages, followed link by link from the home page (a few of each kind)."""
    seen, queue, pages, per_shape = set(), ["/"], [], Counter()
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        pages.append(url)
        for link in BeautifulSoup(response.get_data(as_text=True), "html.parser").find_all("a", href=True):
            target = urljoin(url, link["href"].split("#")[0])
            parts = urlsplit(target)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or NOT_FOLLOWED.match(parts.path) or per_shape[shape(target)] >= PAGES_PER_SHAPE:
                continue
            seen.add(target)
            per_shape[shape(target)] += 1
            queue.append(target)
    return pages


def forms_of(html: str, url: str) -> list[dict]:
    """Each way a page's forms can be sent: the form's method, action and the fields it would
    send, once for its first submit button and once for each button with an action of its own
    (a ranking's "Good fit" and "Not a fit")."""
    sent = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        fields, buttons = {}, []
        for field in form.find_all(["input", "select", "textarea", "button"]):
            name, kind = field.get("name"), field.get("type", "submit" if field.name == "button" else "text")
            if kind in ("submit", "image"):
                buttons.append(field)
                continue
            if not name or kind in ("button", "reset"):
                continue
            if field.name == "select":
                chosen = field.find("option", selected=True) or field.find("option")
                value = chosen.get("value", chosen.get_text()) if chosen else ""
            elif field.name == "textarea":
                value = field.get_text()
            elif kind in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            else:
                value = field.get("value", "")
            fields.setdefault(name, None if kind == "file" else value)
        action = urljoin(url, form.get("action") or url)
        own = [b for b in buttons if b.get("formaction")]
        for button in [next((b for b in buttons if not b.get("formaction")), None)] + own:
            pressed = {button["name"]: button.get("value", "")} if button is not None and button.get("name") else {}
            sent.append({"method": (form.get("method") or "get").lower(), "fields": {**fields, **pressed},
                         "action": urljoin(url, button["formaction"]) if button is not None
                         and button.get("formaction") else action})
    return sent


class Answers:
    """Every hostile request made, and those that met a server error."""

    def __init__(self, client, credentials):
        self.client, self.credentials = client, credentials
        self.count, self.errors = 0, []

    def ask(self, method: str, url: str, data: dict | None = None) -> None:
        self.count += 1
        try:
            response = self.client.open(url, method=method, data=data)
        except Exception as error:  # noqa: BLE001 -- the app raised: a server error, reported below
            ours = [frame for frame in traceback.extract_tb(error.__traceback__) if "/outreach/" in frame.filename]
            where = f" at {ours[-1].filename.split('/outreach/')[-1]}:{ours[-1].lineno}" if ours else ""
            self.errors.append(f"{method} {url} {data!r:.300}: {type(error).__name__}: {error!s:.300}{where}")
            return
        if response.status_code >= 500:
            self.errors.append(f"{method} {url} {data!r:.300}: {response.status_code}")
        if response.status_code == 302 and urlsplit(response.location).path == "/login":
            sign_in(self.client, *self.credentials)  # a form that ended the session (a new password)


def sign_in(client, email: str, password: str) -> None:
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302 and urlsplit(response.location).path != "/login"


def hostile_queries(url: str, forms: list[dict]) -> list[str]:
    """The page again with each of its query's parameters (and its search forms' fields) hostile."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    names = set(query) | {name for form in forms if form["method"] == "get"
                          and urlsplit(form["action"]).path == parts.path for name in form["fields"]}
    return [f"{parts.path}?{urlencode({**query, name: value})}" for name in sorted(names) for value in HOSTILE]


def hostile_paths(url: str) -> list[str]:
    """The page with each of its path's ids replaced by one that cannot exist."""
    path = urlsplit(url).path
    ids = list(re.finditer(r"(?<=/)\d+(?=/|$)", path))
    return [path[:m.start()] + bad + path[m.end():] for m in ids for bad in HOSTILE_IDS]


def hostile_posts(form: dict) -> list[dict]:
    """The form's fields as it would send them, with one field at a time hostile (a file field:
    a file that is not what it says)."""
    sent = {name: value for name, value in form["fields"].items() if value is not None}
    variants = []
    for name, value in form["fields"].items():
        if value is None:
            variants.append({**sent, name: (io.BytesIO(b"\x00\xff\xfe,;\"\n" * 50), "list.csv")})
            continue
        variants += [{**sent, name: bad} for bad in HOSTILE]
    return variants


def stored_counts(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    with Session(engine) as session:
        counts = {model.__name__: session.exec(select(func.count()).select_from(model)).one()
                  for model in (Blog, Blogger, Niche, Campaign, PipelineEntry, Pitch)}
    engine.dispose()
    return counts


# One case walks every page an admin reaches (up to MAX_PAGES) with every hostile query, path and form:
# 130 s on PostgreSQL on a quiet machine, more beside other work; the suite's 120 s limit is for one request's worth.
@pytest.mark.timeout(600)
def test_no_page_query_path_or_form_meets_a_server_error(app, client, worked_demo, database_url):
    sign_in(client, *worked_demo)
    pages = reachable_pages(client)
    shapes = {shape(url) for url in pages}
    # The home page leads to every part a person works in; a staff member's, to theirs.
    parts = ["/niches/N", "/bloggers/N", "/campaigns/N", "/mentions", "/monitors", "/mail", "/blogs/candidates"]
    admin = worked_demo[0].startswith("demo@")
    for part in parts + (["/dashboard", "/admin/users"] if admin else []):
        assert any(s.startswith(part) for s in shapes), (part, "\n".join(sorted(shapes)))
    assert admin or not any(s.startswith(("/dashboard", "/admin")) for s in shapes)
    answers = Answers(client, worked_demo)
    forms_by_shape, destructive = {}, []
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        forms = forms_of(html, url)
        for query in hostile_queries(url, forms):
            answers.ask("GET", query)
        for path in hostile_paths(url):
            answers.ask("GET", path)
        for form in forms:
            key = shape(form["action"])
            if form["method"] == "post" and key not in forms_by_shape:
                forms_by_shape[key] = form
    before = stored_counts(database_url)
    for key, form in sorted(forms_by_shape.items()):
        # Forms that remove or merge run last, so that the others still find what they work on.
        if re.search(r"delete|remove|merge|archive|forget", key):
            destructive.append(form)
            continue
        for data in hostile_posts(form):
            answers.ask("POST", urlsplit(form["action"]).path, data)
    kept = stored_counts(database_url)
    for form in destructive:
        for data in hostile_posts(form):
            answers.ask("POST", urlsplit(form["action"]).path, data)
    assert not answers.errors, f"{len(answers.errors)} of {answers.count} requests:\n" + "\n".join(answers.errors[:40])
    assert answers.count > 1000 and len(forms_by_shape) > 20, (answers.count, len(forms_by_shape))
    # Hostile fields in forms that add or edit lose nothing already stored.
    assert all(kept[name] >= before[name] for name in before), (before, kept)
