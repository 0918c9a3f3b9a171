"""Sign-in throttling: wrong passwords counted per account and per address, then a clear
message, an audit record, and no attempt (not even the right password) until the wait is over."""

from __future__ import annotations

import socket
import uuid

import pytest
from sqlmodel import select

from outreach import create_app
from outreach.core.models import AuditEvent
from tests.conftest import PASSWORD


def client_from(app, address):
    """A browser at this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, email="staff@example.com", password="wrong password"):
    return client.post("/login", data={"email": email, "password": password})


def test_five_wrong_passwords_for_an_account_then_even_the_right_one_waits(app, users, session):
    client = app.test_client()
    statuses = [attempt(client).status_code for _ in range(5)]
    refused = attempt(client, password=PASSWORD)
    assert statuses == [400] * 5 and refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 800
    assert b"Too many failed sign-ins for this account or from this address. Try again in 15 minutes." in refused.data
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_throttled")).all()
    assert [(event.object_id, event.details["email"]) for event in events] == [(users["staff"][0], "staff@example.com")]
    # Another account, from another address, is not held up.
    other = client_from(app, "192.0.2.7")
    assert attempt(other, "manager@example.com", PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_is_throttled(app, users):
    client = client_from(app, "198.51.100.9")
    statuses = [attempt(client, f"guess{number}@example.com").status_code for number in range(20)]
    assert statuses == [400] * 20 and attempt(client, "admin@example.com", PASSWORD).status_code == 429
    elsewhere = client_from(app, "198.51.100.10")
    assert attempt(elsewhere, "admin@example.com", PASSWORD).status_code == 302


def test_the_right_password_forgets_the_accounts_failures(app, users):
    client = app.test_client()
    for _ in range(4):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 302
    client.post("/logout")
    assert [attempt(client).status_code for _ in range(5)] == [400] * 5


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_web_workers_sharing_redis_count_failures_together(database_url, tmp_path, users):
    config = {"DATABASE_URL": database_url, "SECRET_KEY": "k", "WTF_CSRF_ENABLED": False, "TESTING": True,
              "SIGN_IN_THROTTLE_STORAGE": "redis://127.0.0.1:6379/0"}
    workers = [create_app({**config, "INSTANCE_PATH": str(tmp_path / f"worker{number}")}) for number in range(2)]
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"  # this run's own counters in the shared server
    email = f"{uuid.uuid4().hex}@example.com"
    clients = [client_from(worker, address) for worker in workers]
    try:
        statuses = [attempt(clients[number % 2], email).status_code for number in range(6)]
    finally:
        for worker in workers:  # close their pooled connections now, not whenever they are collected
            worker.extensions["outreach.engine"].dispose()
    assert statuses == [400] * 5 + [429]


def test_a_storage_that_is_not_memory_or_redis_is_refused_by_name(database_url, tmp_path):
    from outreach.core.settings import SettingError, settings_from_environment

    with pytest.raises(SettingError, match="OUTREACH_SIGN_IN_THROTTLE_STORAGE: expected memory:// or a redis://"):
        settings_from_environment({"OUTREACH_SIGN_IN_THROTTLE_STORAGE": "mongodb://x"})
