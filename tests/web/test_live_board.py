"""The live board's endpoints: a version with an ETag (304 while nothing changed), and the
columns as HTML, with the filters and the columns shown whole."""

from __future__ import annotations

from outreach.core.models import PipelineEntry
from outreach.core.stages import stage_of_kind
from tests.factories import make_campaign_with_entries


def test_version_moves_with_the_board_and_answers_304_meanwhile(client, auth, session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    url = f"/campaigns/{campaign.id}/board/version"
    first = client.get(url)
    version = first.get_json()["version"]
    assert first.status_code == 200 and first.headers["ETag"] == f'"{version}"'
    assert f'data-board-version="{version}"' in client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert client.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 304
    pitched = stage_of_kind(session, campaign.id, "pitched")
    client.post(f"/campaigns/{campaign.id}/entries/{maya.id}/move", data={"stage_id": pitched.id, "version": maya.version})
    moved = client.get(url, headers={"If-None-Match": f'"{version}"'})
    assert moved.status_code == 200 and moved.get_json()["version"] != version
    auth.logout()
    auth.login("staff@example.com")
    assert client.get(url).status_code == 403


def test_columns_fragment_follows_filters_and_expansion(client, auth, session, users):
    from outreach.web.campaigns.queries import BOARD_COLUMN_LIMIT

    names = [f"Blogger {number:02}" for number in range(BOARD_COLUMN_LIMIT + 2)]
    campaign, entries = make_campaign_with_entries(session, users["manager"][0], names=names)
    entries[0].owner_id = None
    session.add(entries[0])
    session.commit()
    shortlisted = session.get(PipelineEntry, entries[1].id).stage_id
    auth.login("manager@example.com")
    url = f"/campaigns/{campaign.id}/board/columns"
    page = client.get(url)
    assert page.headers["X-Board-Version"].startswith("b-")
    assert page.get_data(as_text=True).count('class="card-item') == BOARD_COLUMN_LIMIT
    whole = client.get(f"{url}?expand={shortlisted}&expand=999999").get_data(as_text=True)
    assert whole.count('class="card-item') == len(names)
    assert client.get(f"{url}?owner=none").get_data(as_text=True).count('class="card-item') == 1
