"""Event hooks through the API, the way automation services subscribe: an admin subscribes an
address to events and gets the secret that signs them, lists the hooks, and unsubscribes."""

from __future__ import annotations

import hashlib
import hmac
import json

from sqlmodel import Session, select
from werkzeug.wrappers import Response

from outreach.core.models import EventHook, User
from outreach.core.pipeline import log_reply
from outreach.jobs.webhooks import deliver_due
from tests.mail_factories import entries_with_addresses


def test_an_admin_subscribes_an_address_and_unsubscribes_it(api, engine, session, site, users):
    received = []
    site.route("/zap", lambda request: received.append((request.headers, request.get_data())) or Response("", 200))
    body = {"name": "Automation", "url": site.url + "/zap", "events": ["reply.received"]}
    for role in ("staff", "manager"):
        refused = api[role].post("/hooks", json=body)
        assert refused.status_code == 403 and refused.json["error"] == "Event hooks are set up by admins."
        assert api[role].get("/hooks").status_code == 403
    made = api["admin"].post("/hooks", json=body)
    assert made.status_code == 201 and made.json["events"] == ["reply.received"] and len(made.json["secret"]) >= 40
    assert [hook["name"] for hook in api["admin"].get("/hooks").json] == ["Automation"]
    assert "secret" not in api["admin"].get("/hooks").json[0]

    staff = session.get(User, users["staff"][0])
    _, (maya, _) = entries_with_addresses(session, staff)
    log_reply(session, staff, maya, channel="email", summary="Yes please", sentiment="positive")
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    headers, sent = received[0]
    assert json.loads(sent)["data"]["reply"]["summary"] == "Yes please"
    signed = hmac.new(made.json["secret"].encode(), headers["X-Outreach-Timestamp"].encode() + b"." + sent,
                      hashlib.sha256).hexdigest()
    assert headers["X-Outreach-Signature"] == "sha256=" + signed

    for bad in ({**body, "events": []}, {**body, "events": ["everything"]}, {**body, "url": "ftp://x.example/"},
                {**body, "name": " "}, {"url": body["url"], "events": ["entry.moved"]}):
        refused = api["admin"].post("/hooks", json=bad)
        assert refused.status_code == 422, bad
    assert api["staff"].delete(f"/hooks/{made.json['id']}").status_code == 403
    gone = api["admin"].delete(f"/hooks/{made.json['id']}")
    assert gone.status_code == 200 and gone.json["name"] == "Automation"
    assert api["admin"].delete(f"/hooks/{made.json['id']}").status_code == 404
    assert session.exec(select(EventHook)).all() == []


def test_an_admin_changes_and_pauses_a_hook(api, engine, session, site, users):
    made = api["admin"].post("/hooks", json={"name": "Zap", "url": site.url + "/zap", "events": ["entry.moved"]}).json
    path = f"/hooks/{made['id']}"
    assert api["manager"].patch(path, json={"paused": True}).status_code == 403
    paused = api["admin"].patch(path, json={"paused": True})
    assert paused.status_code == 200 and paused.json["paused_at"] is not None
    assert paused.json["events"] == ["entry.moved"] and paused.json["name"] == "Zap"
    assert api["admin"].get("/hooks").json[0]["paused_at"] == paused.json["paused_at"]

    changed = api["admin"].patch(path, json={"events": ["reply.received", "email.sent"], "paused": False})
    assert changed.status_code == 200 and changed.json["paused_at"] is None
    assert changed.json["events"] == ["reply.received", "email.sent"] and changed.json["webhook_url"] == site.url + "/zap"
    for bad in ({}, {"events": []}, {"events": ["everything"]}, {"url": "ftp://x.example/"}, {"name": " "},
                {"paused": "maybe"}, {"colour": "red"}):
        refused = api["admin"].patch(path, json=bad)
        assert refused.status_code == 422, bad
    with Session(engine) as fresh:
        hook = fresh.get(EventHook, made["id"])
        assert (hook.name, hook.events, hook.paused_at) == ("Zap", ["reply.received", "email.sent"], None)
    assert api["admin"].patch("/hooks/999", json={"paused": True}).status_code == 404
