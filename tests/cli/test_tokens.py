"""`outreach tokens`: create, list, revoke."""

from __future__ import annotations


def test_tokens_create_list_revoke(runner, users, client):
    created = runner.invoke(args=["tokens", "create", "staff@example.com", "--name", "cron"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[0]
    assert token.startswith("otk_")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listed = runner.invoke(args=["tokens", "list", "staff@example.com"])
    assert "active   cron" in listed.output
    token_id = listed.output.split()[0]
    assert runner.invoke(args=["tokens", "revoke", token_id]).exit_code == 0
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "no user with email nobody@example.com" in runner.invoke(
        args=["tokens", "create", "nobody@example.com", "--name", "x"]).output
    assert "no token with id 999" in runner.invoke(args=["tokens", "revoke", "999"]).output
