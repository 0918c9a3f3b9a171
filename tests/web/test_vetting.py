"""Vetting before the pitch: a campaign's words to avoid, set in its settings, found in a blogger's
newest posts (whole words, any case, accents folded) and shown on the entry and the send page."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from outreach.core.models import Blog, Campaign, Post, utcnow
from outreach.core.vetting import RECENT_POSTS, vet_blogger
from tests.factories import make_campaign_with_entries


def maya_writes(session, blogger_id: int, posts: list[tuple[str, str]], days_ago_start: int = 1) -> None:
    blog = session.exec(select(Blog).where(Blog.blogger_id == blogger_id)).one()
    for index, (title, text) in enumerate(posts):
        session.add(Post(blog_id=blog.id, key=f"p{index}-{title}", url=f"https://maya.example/{index}", title=title,
                         text=text, published_at=utcnow() - timedelta(days=days_ago_start + index)))
    session.commit()


def test_a_blogger_s_newest_posts_are_read_for_the_words_the_brand_avoids(session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    maya_writes(session, maya.blogger_id, [
        ("My morning cup", "Honestly the RIVALBREW machine beats everything."),
        ("Weekend", "A trip to the casino, then some gambling."),
        ("Gamblingless", "Nothing to see: gamblingless is not the word."),
        ("Café crème", "Rivalbrew's café was closed."),
    ])
    vetting = vet_blogger(session, maya.blogger_id, ["Rivalbrew", "gambling", " "])
    assert vetting.read == 4 and vetting.terms == ["Rivalbrew", "gambling"]
    assert [post.title for post in vetting.flagged] == ["My morning cup", "Weekend", "Café crème"]
    assert vetting.used_terms == ["Rivalbrew", "gambling"]
    assert "RIVALBREW machine" in vetting.flagged[0].excerpt
    assert vet_blogger(session, maya.blogger_id, []).flagged == []
    maya_writes(session, maya.blogger_id, [(f"Old {n}", "gambling") for n in range(RECENT_POSTS)], days_ago_start=30)
    assert vet_blogger(session, maya.blogger_id, ["gambling"]).read == RECENT_POSTS  # the newest only
    assert [post.title for post in vet_blogger(session, maya.blogger_id, ["gambling"]).flagged][:1] == ["Weekend"]


def test_words_set_in_the_settings_show_on_the_entry_and_before_sending(client, auth, session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    maya_writes(session, maya.blogger_id, [("Cups", "I love RivalBrew pods."), ("Beans", "Good beans.")])
    maya_writes(session, leo.blogger_id, [("Trails", "A long run.")])
    auth.login("manager@example.com")
    form = client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert "Words the brand avoids" in form
    saved = client.post(f"/campaigns/{campaign.id}/edit", data={
        "name": campaign.name, "brand": "Northbrew", "niche_id": 0, "coverage_stage_kind": "covered",
        "avoid_terms": "Rivalbrew,  rivalbrew , politics"}, follow_redirects=True)
    assert b"Campaign saved" in saved.data
    session.expire_all()
    assert session.get(Campaign, campaign.id).avoid_terms == ["Rivalbrew", "politics"]
    entry = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert "1 of their 2 newest posts uses words the brand avoids: Rivalbrew." in entry
    assert 'id="vetting"' in entry and "I love RivalBrew pods." in entry and "https://maya.example/0" in entry
    clear = client.get(f"/campaigns/entries/{leo.id}/").get_data(as_text=True)
    assert "None of their 1 newest post uses the words the brand avoids (Rivalbrew, politics)." in clear
    assert "words the brand avoids:" not in clear
    send = client.get(f"/mail/entries/{maya.id}/send").get_data(as_text=True)
    assert "1 of their 2 newest posts uses words the brand avoids: Rivalbrew." in send


def test_an_entry_without_words_to_avoid_shows_no_vetting(client, auth, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["staff"][0])
    maya_writes(session, maya.blogger_id, [("Cups", "I love RivalBrew pods.")])
    auth.login()
    page = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert 'id="vetting"' not in page and "words the brand avoids" not in page


def test_a_niche_s_ranking_is_vetted_for_a_campaign_s_words(app, client, auth, session, users):
    from outreach.core.campaigns import create_campaign
    from outreach.core.models import Niche, User
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import NOW, Collection

    collection = Collection(session)
    for number in range(6):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    rita = collection.blog("Rita Runner", ["running"] * 8, extra={2: "Then a night at the Casino after the race."})
    collection.post(rita, None, NOW - timedelta(days=100), text="Trail race, then casino.")  # a post without a title
    collection.blog("Sam Sprinter", ["running"] * 7)
    refresh_index(session, app_index_dir(app), rebuild=True)
    niche = Niche(name="Trail running", brief="Trail running, marathon training and race pace")
    session.add(niche)
    staff = session.get(User, users["staff"][0])
    campaign = create_campaign(session, staff, "Trail season", brand="Trailfox", avoid_terms=["casino"])
    create_campaign(session, staff, "No words", brand="Other")
    session.commit()
    auth.login()
    plain = client.get(f"/niches/{niche.id}/").get_data(as_text=True)
    choices = plain.split('<select id="vet" name="vet">')[1].split("</select>")[0]
    assert "Trail season" in choices and "No words" not in choices  # only campaigns with words to avoid
    assert 'data-testid="vetting-flag"' not in plain
    vetted = client.get(f"/niches/{niche.id}/?vet={campaign.id}&hide_dnc=1").get_data(as_text=True)
    assert "the words Trailfox avoids: casino." in vetted
    rita = vetted.split('data-blog="')[1:]
    flagged = [row for row in rita if 'data-testid="vetting-flag"' in row]
    assert len(flagged) == 1 and "Rita Runner" in flagged[0] and "Writes casino (2 of 9)" in flagged[0]
    assert vetted.count('data-testid="vetting-clear"') >= 1
    assert '<input type="hidden" name="vet" value="%d">' % campaign.id in vetted  # kept by the other filters
    assert client.get(f"/niches/{niche.id}/?vet=abc").status_code == 200
    assert "Rita Runner on running #2 (casino)" in flagged[0]  # the post's title, in the flag's tooltip
    assert "Trail race, then casino. (casino)" in flagged[0]  # its text, for a post without a title
