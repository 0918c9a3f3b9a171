"""One person, several channels: the profile shows each channel with its open engagement, its
source and when it was read; a person merges two bloggers (audited)."""

from __future__ import annotations

import dataclasses

from sqlmodel import select

from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import queue_blog
from outreach.core.mentions import record_mentions, voices
from outreach.core.models import AuditEvent, Blog, Blogger, Note, PipelineEntry, Post, User
from outreach.core.monitors import save_monitor
from outreach.core.niches import create_niche
from outreach.core.pipeline import add_blogger_to_campaign, add_note
from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.factories import Collection, make_blogger, make_campaign_with_entries
from tests.platform_site import bases_for, serve_mastodon, serve_podcast, serve_youtube


def crawled(session, site, options, url) -> Blog:
    blog, _ = queue_blog(session, url, None)
    session.commit()
    opts = dataclasses.replace(options, platform_bases=bases_for(site), read_profiles=False)
    assert refresh_blog(session, blog.id, options=opts).outcome == "fetched"
    session.refresh(blog)
    return blog


def test_profile_shows_channels_and_engagement_with_source_and_time(client, auth, session, site, options):
    serve_mastodon(site)
    serve_youtube(site)
    account = crawled(session, site, options, site.url + "/@dana")
    channel = crawled(session, site, options, site.url + "/yt/@ridgegearlab")
    assert channel.blogger_id != account.blogger_id  # two bloggers until a person merges them
    auth.login()
    merged = client.post(f"/bloggers/{account.blogger_id}/merge", data={"merge-other": site.url + "/yt/@ridgegearlab"})
    assert merged.status_code == 302
    page = client.get(f"/bloggers/{account.blogger_id}/").data.decode()
    channels = page[page.index('id="channels"'):]
    assert channels.count('class="channel"') == 2
    assert "2,840 followers" in channels and "shown, never ranked" in channels
    host = site.url.split("://")[1]
    # Mastodon: (14 + 6 + 31) / 3 replies, (37 + 11 + 4) / 3 boosts, (122 + 58 + 27) / 3 favourites.
    assert "17 comments or replies per post" in channels and "17.33 shares per post" in channels
    assert f"From Mastodon API ({host}), read " in channels
    assert "From YouTube feed, read " in channels and "46,529 views per post" in channels
    engagement = page[page.index('id="engagement"'):page.index('id="channels"')]
    assert "Views" in engagement and "Applause" in engagement and "(6 posts)" in engagement
    posts = page[page.index('id="posts"'):page.index('id="topics"')]
    assert "98,210 views, 4,120 likes or ratings" in posts and "(from YouTube feed, read " in posts
    assert f"14 comments or replies, 37 shares, 122 likes or ratings</span> <small>(from Mastodon API ({host})" in posts


def test_merging_moves_everything_and_is_audited(client, auth, session, users):
    keep = make_blogger(session, "Dana Okafor", slug="dana")
    other = make_blogger(session, "", slug="dana-videos", do_not_contact=True)
    add_note(session, session.get(User, users["staff"][0]), other.id, "Prefers email")
    session.commit()
    other_feed = session.exec(select(Blog.feed_url).where(Blog.blogger_id == other.id)).one()
    keep_id, other_id = keep.id, other.id
    auth.login()
    response = client.post(f"/bloggers/{keep_id}/merge", data={"merge-other": other_feed})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Blogger, other_id) is None
    kept = session.get(Blogger, keep_id)
    assert kept.do_not_contact  # a do-not-contact on either holds for the person
    assert len(session.exec(select(Blog).where(Blog.blogger_id == keep_id)).all()) == 2
    assert session.exec(select(Note.blogger_id)).one() == keep_id
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "merged")).one()
    assert (event.user_id, event.object_id, event.details["merged_blogger"]) == (users["staff"][0], keep_id, other_id)


def test_a_merge_that_cannot_be_done_says_why_and_changes_nothing(client, auth, session, users):
    campaign, (first, second) = make_campaign_with_entries(session, users["manager"][0])
    auth.login()
    for other, problem in ((second.blogger_id, "both are in the same campaign"), (first.blogger_id, "with itself"),
                           ("https://nowhere.example/", "no channel in the directory"), ("ftp://x", "not a blogger")):
        response = client.post(f"/bloggers/{first.blogger_id}/merge", data={"merge-other": str(other)})
        assert response.status_code == 400 and problem in response.data.decode()
    session.expire_all()
    assert len(session.exec(select(PipelineEntry)).all()) == 2 and len(session.exec(select(Blogger)).all()) == 2


def test_merge_from_the_command_line(runner, session):
    keep_id = make_blogger(session, "Dana Okafor", slug="dana").id
    other_id = make_blogger(session, "Dana O.", slug="dana-cast").id
    session.commit()
    result = runner.invoke(args=["bloggers", "merge", str(keep_id), f"http://localhost/bloggers/{other_id}/"])
    assert result.exit_code == 0, result.output
    assert f"Merged blogger {other_id} into blogger {keep_id}" in result.output
    refused = runner.invoke(args=["bloggers", "merge", str(keep_id), str(keep_id)])
    assert refused.exit_code == 1 and "cannot be merged with itself" in refused.output
    session.expire_all()
    assert [blogger.id for blogger in session.exec(select(Blogger))] == [keep_id]
    assert session.exec(select(AuditEvent.details).where(AuditEvent.action == "merged")).one()["reason"] == (
        "merged from the command line")


def test_ranking_and_board_show_engagement_with_its_source(app, client, auth, session, site, options, users):
    serve_mastodon(site)
    account = crawled(session, site, options, site.url + "/@dana")
    Collection(session).blog("Other cook", ["cooking"] * 6)
    refresh_index(session, app_index_dir(app), rebuild=True)
    manager = session.get(User, users["manager"][0])
    niche = create_niche(session, "Shelters", "ultralight tent storm guy lines condensation")
    campaign, _ = make_campaign_with_entries(session, manager.id, names=())
    add_blogger_to_campaign(session, manager, campaign, account.blogger_id, score=70)
    session.commit()
    host = site.url.split("://")[1]
    auth.login("manager@example.com")
    ranking = client.get(f"/niches/{niche.id}/").data.decode()
    card = ranking[ranking.index(f'data-blog="{account.id}"'):]
    assert "Mastodon" in card and "2,840 followers (shown, never ranked)" in card
    assert "17 comments or replies per post" in card and f"From Mastodon API ({host}), read " in card
    assert "also on" not in card  # one channel so far
    session.add(Blog(feed_url="https://www.youtube.com/feeds/videos.xml?channel_id=UCtrailfoxGearLab0000000",
                     homepage_url="https://www.youtube.com/@ridgegearlab", platform="youtube",
                     blogger_id=account.blogger_id))
    session.commit()
    ranking = client.get(f"/niches/{niche.id}/").data.decode()
    assert "also on YouTube" in ranking[ranking.index(f'data-blog="{account.id}"'):]
    board = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert f"17 replies · 17.33 shares · 69 likes per post <small>(Mastodon API ({host}), " in board


def test_voices_count_the_applause_and_amplification_of_their_mentions(client, auth, session, site, options, users):
    serve_mastodon(site)
    account = crawled(session, site, options, site.url + "/@dana")
    manager = session.get(User, users["manager"][0])
    save_monitor(session, manager, None, name="Shelters", terms="ultralight tent, trail running shoes")
    session.commit()
    record_mentions(session, session.exec(select(Post.id).where(Post.blog_id == account.id)).all())
    session.commit()
    voice = voices(session)[0]
    # The tent post (37 boosts, 122 favourites) and the shoes post (11, 58) mention it; the filter post does not.
    assert (voice.name, voice.mentions, voice.comments, voice.shares, voice.likes) == ("Dana Okafor", 2, 20, 48, 180)
    auth.login("manager@example.com")
    page = client.get("/mentions/").data.decode()
    assert "14 comments or replies, 37 shares, 122 likes or ratings" in page and "(from Mastodon API (" in page


def test_a_podcast_channel_shows_its_credit_categories_cadence_and_episode_lengths(client, auth, session, site,
                                                                                  options):
    serve_podcast(site)
    show = crawled(session, site, options, site.url + "/apple/us/podcast/switchback-radio/id1612345678")
    auth.login()
    page = client.get(f"/bloggers/{show.blogger_id}/").data.decode()
    channel = page[page.index('data-platform="podcast"'):]
    assert "By Dana Okafor" in channel and "Categories: Sports, Wilderness, Health &amp; Fitness, Fitness" in channel
    assert "Publishes about every 7.0 days" in channel  # weekly episodes
    assert "50:13 long" in page and "42:43 long" in page


def test_the_ranking_shows_a_person_once_at_their_best_channel(app, client, auth, session, users):
    collection = Collection(session)
    blog = collection.blog("Maya", ["running"] * 6)
    second = collection.blog("Maya Cast", ["running"] * 4 + ["cooking"] * 2)
    other = collection.blog("Leo", ["running"] * 3 + ["cooking"] * 3)
    for number in range(6):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    second_person = second.blogger_id
    second.blogger_id, second.platform = blog.blogger_id, "podcast"
    session.delete(session.get(Blogger, second_person))
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    niche = create_niche(session, "Running", "trail running marathon training race")
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/niches/{niche.id}/").data.decode()
    rows = [int(part.split('"')[0]) for part in page.split('class="card ranked" data-blog="')[1:]]
    assert rows[:2] == [blog.id, other.id]  # Maya's podcast ranks too, but she is shown once
    assert second.id not in rows
    card = page[page.index(f'data-blog="{blog.id}"'):page.index(f'data-blog="{other.id}"')]
    assert "also on Podcast" in card
