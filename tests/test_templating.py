"""The shared macros (a field, a one-button post), and a CSRF token in every post form of
the pages."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlmodel import select
from wtforms import Form, StringField

from outreach import create_app
from outreach.core.models import Blog, Blogger, Coverage, PitchTemplate, Sample, User
from outreach.core.tokens import create_token
from tests.conftest import PASSWORD
from tests.factories import make_campaign_with_entries


def render(app, source: str, **values) -> str:
    with app.test_request_context():
        return app.jinja_env.from_string(source).render(**values)


class NameForm(Form):
    name = StringField("Name", description="As <b>printed</b>.")


def test_field_shows_label_widget_hint_and_errors(app):
    form = NameForm(data={"name": "Ann & Bo"})
    source = '{% from "_macros.html" import field %}{{ field(form.name) }}'
    out = render(app, source, form=form)
    assert '<div class="field">' in out and '<label for="name">Name</label>' in out
    assert '<input id="name" name="name" type="text" value="Ann &amp; Bo">' in out
    assert '<p class="hint">As &lt;b&gt;printed&lt;/b&gt;.</p>' in out and "field-error" not in out
    form.name.errors = ["Too <short>"]
    out = render(app, source, form=form)
    assert '<div class="field has-error">' in out and '<p class="field-error">Too &lt;short&gt;</p>' in out
    # Drawn again with other data, the field shows that data, not the markup drawn before.
    other = NameForm(data={"name": "Cy"})
    assert 'value="Cy"' in render(app, source, form=other)


def test_post_button_posts_its_csrf_token_and_hidden_values(app):
    source = ('{% from "_macros.html" import post_button %}'
              '{{ post_button("/a?b=1&c=2", "Go <now>", button_class="danger", hidden={"next": "/p?q=\\"x\\""},'
              ' aria_label="Go to \\"p\\"", disabled=true) }}')
    out = render(app, source)
    assert out.startswith('<form method="post" action="/a?b=1&amp;c=2" class="inline">')
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]{20,}">', out)
    assert '<input type="hidden" name="next" value="/p?q=&#34;x&#34;">' in out
    assert '<button type="submit" class="danger" aria-label="Go to &#34;p&#34;" disabled>Go &lt;now&gt;</button>' in out
    plain = render(app, '{% from "_macros.html" import post_button %}{{ post_button("/a", "Go") }}')
    assert '<button type="submit">Go</button>' in plain and plain.count("<input") == 1


@pytest.fixture
def csrf_client(database_url, tmp_path, users):
    """A client of an app with CSRF on, as in production, signed in as the admin."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "csrf pages",
                      "INSTANCE_PATH": str(tmp_path / "csrf-instance")})
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    signed_in = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD,
                                            "csrf_token": token})
    assert signed_in.status_code == 302
    yield client
    app.extensions["outreach.engine"].dispose()


def post_forms(page: str) -> list[str]:
    return re.findall(r'<form method="post".*?</form>', page, flags=re.S)


def test_every_post_form_carries_a_csrf_token(csrf_client, session, users):
    admin = session.get(User, users["admin"][0])
    campaign, (entry, _) = make_campaign_with_entries(session, admin.id)
    blog = session.exec(select(Blog).where(Blog.blogger_id == entry.blogger_id)).one()
    blog.error_count, blog.last_error = 1, "HTTP 503"
    session.add_all([
        Sample(entry_id=entry.id, item="Grinder", status="sent"),
        Coverage(entry_id=entry.id, url="https://b0.example/1", title="Proposed", status="proposed"),
        Coverage(entry_id=entry.id, url="https://b0.example/2", title="Confirmed", status="confirmed",
                 decided_at=datetime(2026, 11, 2, tzinfo=timezone.utc)),
        PitchTemplate(name="Intro", subject="Hi", body="Hello"),
        Blogger(name="Quiet", do_not_contact=True, do_not_contact_reason="asked"),
        blog,
    ])
    create_token(session, admin, "script")
    session.commit()
    pages = ["/blogs/", f"/bloggers/{entry.blogger_id}/", f"/campaigns/{campaign.id}/",
             f"/campaigns/entries/{entry.id}/", f"/campaigns/{campaign.id}/stages", f"/campaigns/{campaign.id}/edit",
             "/campaigns/new", "/campaigns/templates/", "/account/tokens", "/do-not-contact", "/admin/users",
             "/niches/"]
    for path in pages:
        response = csrf_client.get(path)
        assert response.status_code == 200, path
        forms = post_forms(response.text)
        assert forms, path
        for form in forms:
            # A prefixed form's token (note-csrf_token) is found by its ending too.
            assert re.search(r'name="[\w-]*csrf_token"[^>]* value="[^"]{20,}"', form), (path, form)
    directory = post_forms(csrf_client.get("/blogs/").text)
    assert sum('/refresh"' in form for form in directory) == 2  # one per blog
    add = next(form for form in directory if 'action="/blogs/add"' in form)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', add).group(1)
    added = csrf_client.post("/blogs/add", data={"url": "https://new.example/", "csrf_token": token})
    assert added.status_code == 302
