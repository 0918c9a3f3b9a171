"""The event hooks page: admins alone add, change, test, re-key and remove a hook; a bad one comes
back with the reason and nothing stored; each delivery shows what became of it."""

from __future__ import annotations

from sqlmodel import Session, select
from werkzeug.wrappers import Response

from outreach.core.models import EventHook, WebhookDelivery
from outreach.jobs.webhooks import deliver_due


def test_only_admins_reach_the_hooks(client, auth, users, session):
    admin_pages = ("/admin/hooks", "/admin/hooks/1/edit")
    for email in ("staff@example.com", "manager@example.com"):
        auth.login(email)
        for path in admin_pages:
            assert client.get(path).status_code == 403, (email, path)
        for action in ("test", "secret", "remove", "pause", "resume"):
            assert client.post(f"/admin/hooks/1/{action}").status_code == 403, (email, action)
        assert client.post("/admin/hooks", data={"name": "x", "url": "https://x.example/", "events": "entry.moved"}
                           ).status_code == 403
        assert b'href="/admin/hooks"' not in client.get("/").data
        auth.logout()
    assert session.exec(select(EventHook)).all() == []


def test_an_admin_adds_tests_rekeys_and_removes_a_hook(client, auth, users, engine, site):
    site.route("/events", lambda request: Response("", status=204))
    auth.login("admin@example.com")
    page = client.get("/admin/hooks")
    assert page.status_code == 200 and b"No hook yet." in page.data and b'href="/admin/hooks"' in page.data
    for data, why in (({"name": "Chat", "url": "ftp://chat.example/", "events": "entry.moved"}, "only http and https"),
                      ({"name": "Chat", "url": site.url + "/events"}, "Choose at least one event."),
                      ({"name": "Chat", "url": site.url + "/events", "events": "everything"}, "is not a valid choice"),
                      ({"name": "", "url": site.url + "/events", "events": "entry.moved"}, "This field is required")):
        refused = client.post("/admin/hooks", data=data)
        assert refused.status_code == 400 and why in refused.get_data(as_text=True), data
    with Session(engine) as fresh:
        assert fresh.exec(select(EventHook)).all() == []

    added = client.post("/admin/hooks", data={"name": "PR channel", "url": site.url + "/events",
                                              "events": ["reply.received", "entry.moved"]}, follow_redirects=True)
    text = added.get_data(as_text=True)
    assert "Hook &#39;PR channel&#39; saved: it is told of reply.received, entry.moved." in text
    with Session(engine) as fresh:
        hook = fresh.exec(select(EventHook)).one()
    assert f'<code class="secret" data-testid="hook-secret">{hook.webhook_secret}</code>' in text

    edit = client.get(f"/admin/hooks/{hook.id}/edit").get_data(as_text=True)
    assert "Change PR channel" in edit and f'value="{site.url}/events"' in edit
    client.post(f"/admin/hooks/{hook.id}/edit", data={"name": "PR channel", "url": site.url + "/events",
                                                      "events": "email.sent"})
    assert b"Waiting to go" in client.post(f"/admin/hooks/{hook.id}/test", follow_redirects=True).data
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    assert "Delivered" in client.get("/admin/hooks").get_data(as_text=True)
    assert site.requests[-1].headers["X-Outreach-Event"] == "hook.test"

    client.post(f"/admin/hooks/{hook.id}/secret")
    with Session(engine) as fresh:
        renewed = fresh.get(EventHook, hook.id)
    assert renewed.events == ["email.sent"] and renewed.webhook_secret != hook.webhook_secret
    assert b"Hook &#39;PR channel&#39; removed" in client.post(f"/admin/hooks/{hook.id}/remove",
                                                               follow_redirects=True).data
    with Session(engine) as fresh:
        assert fresh.exec(select(EventHook)).all() == [] and fresh.exec(select(WebhookDelivery)).all() == []
    assert client.get(f"/admin/hooks/{hook.id}/edit").status_code == 404


def test_an_admin_pauses_a_hook_and_resumes_it(client, auth, users, engine, site):
    site.route("/events", lambda request: Response("", status=204))
    auth.login("admin@example.com")
    client.post("/admin/hooks", data={"name": "CRM", "url": site.url + "/events", "events": "entry.moved"})
    with Session(engine) as fresh:
        hook = fresh.exec(select(EventHook)).one()
    page = client.post(f"/admin/hooks/{hook.id}/pause", follow_redirects=True).get_data(as_text=True)
    assert "is paused: it is told of nothing until it is resumed" in page
    assert 'data-testid="hook-paused">Paused since' in page and "Resume CRM" in page and "Pause CRM" not in page
    from outreach.core.models import User
    from outreach.core.pipeline import log_reply
    from tests.mail_factories import entries_with_addresses

    client.post(f"/admin/hooks/{hook.id}/edit", data={"name": "CRM", "url": site.url + "/events",
                                                      "events": ["entry.moved", "reply.received"]})
    client.post(f"/admin/hooks/{hook.id}/resume")
    with Session(engine) as fresh:
        staff = fresh.get(User, users["staff"][0])
        _, (maya, _) = entries_with_addresses(fresh, staff)
        log_reply(fresh, staff, maya, channel="email", summary="Hello", sentiment="neutral")
        fresh.commit()  # queued for the hook, which is paused before it goes
    client.post(f"/admin/hooks/{hook.id}/pause")
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 0
    assert "Held while the hook is paused" in client.get("/admin/hooks").get_data(as_text=True)
    client.post(f"/admin/hooks/{hook.id}/pause")  # pausing twice keeps the first moment
    with Session(engine) as fresh:
        first = fresh.get(EventHook, hook.id).paused_at
    assert first is not None
    client.post(f"/admin/hooks/{hook.id}/pause")
    with Session(engine) as fresh:
        assert fresh.get(EventHook, hook.id).paused_at == first
    page = client.post(f"/admin/hooks/{hook.id}/resume", follow_redirects=True).get_data(as_text=True)
    assert "is resumed: what waited goes within a minute." in page and "Pause CRM" in page
    with Session(engine) as fresh:
        assert fresh.get(EventHook, hook.id).paused_at is None
    assert client.post("/admin/hooks/999/pause").status_code == 404
