"""Board filters, ranking filters with badges, and the directory's saved views."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from outreach.core.models import Blogger, CampaignMember, PipelineEntry, SavedView, User, utc_today, utcnow
from outreach.core.niches import create_niche
from outreach.core.pipeline import add_blogger_to_campaign
from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.factories import NOW, Collection, make_campaign_with_entries


def cards_on(page: str) -> set[str]:
    return {name for name in ("Ann", "Ben", "Cat") if f">{name}</a>" in page}


def test_board_filters_by_owner_flag_and_text(client, auth, session, users):
    campaign, (ann, ben, cat) = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat"))
    session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
    ben.owner_id = users["staff"][0]
    cat.owner_id = None
    ann.next_follow_up_on = utc_today() - timedelta(days=2)
    session.get(Blogger, cat.blogger_id).do_not_contact = True
    session.add_all([ann, ben, cat])
    session.commit()
    auth.login("manager@example.com")
    board = f"/campaigns/{campaign.id}/"
    assert cards_on(client.get(board).get_data(as_text=True)) == {"Ann", "Ben", "Cat"}
    assert cards_on(client.get(board + "?owner=me").get_data(as_text=True)) == {"Ann"}
    assert cards_on(client.get(board + f"?owner={users['staff'][0]}").get_data(as_text=True)) == {"Ben"}
    assert cards_on(client.get(board + "?owner=none").get_data(as_text=True)) == {"Cat"}
    assert cards_on(client.get(board + "?flag=overdue").get_data(as_text=True)) == {"Ann"}
    assert cards_on(client.get(board + "?flag=do_not_contact").get_data(as_text=True)) == {"Cat"}
    filtered = client.get(board + "?q=be").get_data(as_text=True)
    assert cards_on(filtered) == {"Ben"} and 'id="filter-note"' in filtered
    assert cards_on(client.get(board + "?q=%25").get_data(as_text=True)) == set()  # a wildcard is a character
    bad = client.get(board + "?flag=nonsense&owner=abc")
    assert bad.status_code == 200 and cards_on(bad.get_data(as_text=True)) == {"Ann", "Ben", "Cat"}
    shortlisted = session.get(PipelineEntry, ann.id).stage_id
    column = client.get(f"/campaigns/{campaign.id}/columns/{shortlisted}?owner=me").get_data(as_text=True)
    assert cards_on(column) == {"Ann"}


def test_ranking_hides_and_badges(client, auth, session, users):
    collection = Collection(session)
    for number in range(5):
        collection.blog(f"Other {number}", ["cooking"] * 6)
    lately = (NOW - utcnow()).days + 1  # the factory counts back from NOW: these posted yesterday
    rita = collection.blog("Rita Runner", ["running"] * 8, days_ago_last=lately)
    rob = collection.blog("Rob Runner", ["running"] * 7, days_ago_last=lately)
    collection.blog("Rex Runner", ["running"] * 6, days_ago_last=lately + 400)
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    add_blogger_to_campaign(session, session.get(User, users["manager"][0]), campaign, rob.blogger_id)
    session.get(Blogger, rita.blogger_id).do_not_contact = True
    niche = create_niche(session, "Trail", "trail running marathon race pace")
    session.commit()
    refresh_index(session, app_index_dir(client.application), rebuild=True)
    auth.login("manager@example.com")
    page = client.get(f"/niches/{niche.id}/").get_data(as_text=True)
    assert "Do not contact</span>" in page and "In Autumn launch</a>" in page and "Dormant</span>" in page
    names = lambda text: {name for name in ("Rita", "Rob", "Rex") if f"{name} Runner</a>" in text}  # noqa: E731
    assert names(page) == {"Rita", "Rob", "Rex"}
    assert names(client.get(f"/niches/{niche.id}/?hide_dnc=1").get_data(as_text=True)) == {"Rob", "Rex"}
    assert names(client.get(f"/niches/{niche.id}/?hide_dormant=1").get_data(as_text=True)) == {"Rita", "Rob"}
    hidden = client.get(f"/niches/{niche.id}/?not_in={campaign.id}").get_data(as_text=True)
    assert names(hidden) == {"Rita", "Rex"} and "1 hidden" in hidden
    # Two rows asked for: the deeper ranking that filled them is not counted as hidden.
    two = client.get(f"/niches/{niche.id}/?not_in={campaign.id}&top=2").get_data(as_text=True)
    assert names(two) == {"Rita", "Rex"} and "(1 hidden)" in two
    assert f'href="/niches/{niche.id}/?top=4&amp;not_in={campaign.id}">Show more' in two  # the filter stays on


def test_directory_views_saved_shared_and_removed(client, auth, session, users):
    auth.login("manager@example.com")
    saved = client.post("/blogs/views", data={"name": "Coffee, active", "query": "q=coffee&sort=recent&page=3&evil=1"})
    assert saved.status_code == 302 and saved.location.endswith("/blogs/?q=coffee&sort=recent")
    view = session.exec(select(SavedView)).one()
    assert view.query == "q=coffee&sort=recent"
    page = client.get("/blogs/?q=coffee&sort=recent").get_data(as_text=True)
    assert f'href="/blogs/views/{view.id}">Coffee, active</a>' in page
    assert 'name="query" type="hidden" value="q=coffee&amp;sort=recent"' in page
    auth.logout()
    auth.login("staff@example.com")  # the link opens it for anyone signed in
    assert client.get(f"/blogs/views/{view.id}").location.endswith("/blogs/?q=coffee&sort=recent")
    client.post(f"/blogs/views/{view.id}/delete")
    assert session.exec(select(SavedView)).one_or_none() is not None
    assert client.post("/blogs/views", data={"name": "", "query": ""}).status_code == 302
    assert client.post("/blogs/views", data={"name": "x" * 101}).status_code == 302
    assert len(session.exec(select(SavedView)).all()) == 1
    auth.logout()
    auth.login("manager@example.com")
    client.post(f"/blogs/views/{view.id}/delete")
    session.expire_all()
    assert session.exec(select(SavedView)).one_or_none() is None
