"""In Chromium: create an API token, use it, revoke it."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_create_use_and_revoke_token(live_server, page, users):
    sign_in(page, live_server.url, "staff@example.com")
    page.click(".whoami")
    page.fill("#name", "my script")
    page.click("button:has-text('Create token')")
    token = page.locator("[data-testid=token]").inner_text()
    assert token.startswith("otk_")
    me = httpx.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == "staff@example.com" and me.json()["time_zone"] == "UTC"
    page.click("button:has-text('Revoke')")
    page.wait_for_selector("text=Token 'my script' revoked.")
    again = httpx.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401
