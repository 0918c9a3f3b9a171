"""API fixtures: a token per role and a client that sends it."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from outreach.core.models import User
from outreach.core.tokens import create_token


@pytest.fixture
def tokens(engine, users):
    """A plain token for each role."""
    made = {}
    with Session(engine) as session:
        for role, (user_id, _) in users.items():
            _, plain = create_token(session, session.get(User, user_id), f"{role} script")
            made[role] = plain
        session.commit()
    return made


class ApiClient:
    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, path, **kwargs):
        return self.client.get("/api/v1" + path, headers=self.headers, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post("/api/v1" + path, headers=self.headers, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.client.patch("/api/v1" + path, headers=self.headers, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.client.put("/api/v1" + path, headers=self.headers, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.client.delete("/api/v1" + path, headers=self.headers, **kwargs)


@pytest.fixture
def api(client, tokens):
    """API clients by role."""
    return {role: ApiClient(client, token) for role, token in tokens.items()}
