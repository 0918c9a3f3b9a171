"""Every page and form an admin reaches in a worked demo, asked again by someone signed out and
by a staff member of no campaign: the first is sent to sign in, the second is refused the
managers' pages, every campaign's pages and forms, and the admin's own mailbox; a manager sees
every campaign's board and entries and the dashboard, never the admin pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.conftest import PASSWORD
from tests.web.test_hostile_requests import forms_of, reachable_pages, sign_in
from tests.worked_demo import add_person, build_worked_demo

# Pages only managers and admins may see.
MANAGERS_ONLY = re.compile(r"^/(admin|dashboard)(/|$)")
# Pages and forms of one campaign or one of its entries (for the campaign's members), and of
# one person's mailbox (for that person).
NOT_THEIRS = re.compile(r"^/(campaigns/\d+|campaigns/entries/\d+|mail/entries/\d+|mail/campaigns/\d+|"
                        r"mail/mailboxes/\d+)(/|$)")


def test_every_page_and_form_checks_who_is_asking(app, client, database_url):
    summary = build_worked_demo(app, database_url)
    sign_in(client, summary.admin_email, summary.admin_password)
    pages = reachable_pages(client)
    posts = sorted({urlsplit(form["action"]).path for url in pages
                    for form in forms_of(client.get(url).get_data(as_text=True), url) if form["method"] == "post"}
                   - {"/logout"})
    assert len(pages) > 50 and len(posts) > 40, (len(pages), len(posts))
    client.post("/logout")

    for url in pages:  # signed out: every page but the sign-in page sends there
        response = client.get(url)
        assert response.status_code == 302 and urlsplit(response.location).path == "/login", url
    for path in posts:
        response = client.post(path, data={})
        assert response.status_code == 302 and urlsplit(response.location).path == "/login", path

    add_person(database_url, "outsider@outreach.local", "staff", "Out Sider")
    sign_in(client, "outsider@outreach.local", PASSWORD)
    refused = []
    for url in pages:
        path = urlsplit(url).path
        status = client.get(url).status_code
        if MANAGERS_ONLY.match(path):
            assert status == 403, url
        elif NOT_THEIRS.match(path):
            assert status in (403, 404), (url, status)
        else:
            continue
        refused.append(path)
    for path in posts:
        if MANAGERS_ONLY.match(path) or NOT_THEIRS.match(path):
            assert client.post(path, data={}).status_code in (403, 404), path
            refused.append(path)
    assert len(refused) > 30, refused
    for kind in ("/admin/", "/dashboard/", "/campaigns/", "/campaigns/entries/", "/mail/entries/", "/mail/mailboxes/"):
        assert any(path.startswith(kind) for path in refused), kind

    # A manager sees every campaign's board and entries and the dashboard; the admin pages (and
    # removing or merging campaigns) stay the admins'.
    client.post("/logout")
    add_person(database_url, "boss@outreach.local", "manager", "The Boss")
    sign_in(client, "boss@outreach.local", PASSWORD)
    allowed = 0
    for url in pages:
        path, status = urlsplit(url).path, client.get(url).status_code
        if path.startswith("/admin"):
            assert status == 403, url
        elif path.startswith("/dashboard") or re.match(r"^/campaigns/(entries/)?\d+/$", path):
            assert status == 200, (url, status)  # every campaign's board and entries, members or not
            allowed += 1
    assert allowed >= 4, allowed
