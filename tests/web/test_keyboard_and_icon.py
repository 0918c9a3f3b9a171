"""Every page starts with a skip link to its content and names the icon; the icon is served."""

from __future__ import annotations

import pytest

from tests.factories import make_campaign_with_entries

SKIP = '<a class="skip-link" href="#main">Skip to content</a>'


def test_sign_in_page_and_icon_need_no_account(client):
    page = client.get("/login").get_data(as_text=True)
    assert SKIP in page and 'id="main"' in page and 'rel="icon" href="/static/favicon.svg"' in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


@pytest.mark.parametrize("path", ["/", "/blogs/", "/niches/", "/campaigns/", "/follow-ups/", "/do-not-contact",
                                  "/admin/users", "/admin/audit", "/mentions/", "/account/tokens"])
def test_every_page_has_the_skip_link(client, auth, path):
    auth.login("admin@example.com")
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert SKIP in response.get_data(as_text=True)


def test_board_tells_how_to_move_cards_by_keyboard(client, auth, session, users):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    board = client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert "Alt+→ or Alt+← moves it" in board and 'tabindex="0"' in board
