"""Archive and restore, delete and merge on the pages: the roles, the counts asked to confirm,
and an archived campaign read-only everywhere."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import AuditEvent, Blog, Blogger, Campaign, Niche, PipelineEntry, Post
from outreach.core.stages import stage_of_kind
from tests.factories import NOW, make_blogger, make_campaign_with_entries


def test_archived_campaign_is_hidden_and_read_only(client, auth, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("staff@example.com")
    assert client.post(f"/campaigns/{campaign.id}/archive").status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    client.post(f"/campaigns/{campaign.id}/archive")
    session.refresh(campaign)
    assert campaign.is_archived
    listing = client.get("/campaigns/").get_data(as_text=True)
    assert "Autumn launch</a>" not in listing and "Show the archived campaigns (1)" in listing
    assert "Autumn launch</a>" in client.get("/campaigns/?archived=1").get_data(as_text=True)
    board = client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert 'id="archived-note"' in board and 'id="bulk-form"' not in board and "board.js" not in board
    pitched = stage_of_kind(session, campaign.id, "pitched")
    moved = client.post(f"/campaigns/{campaign.id}/entries/{maya.id}/move",
                        data={"stage_id": pitched.id, "version": maya.version})
    assert moved.status_code == 409 and b"is archived, so it is read-only" in moved.data
    assert client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "entry": str(maya.id),
                                                               "stage_id": pitched.id}).status_code == 409
    assert client.get(f"/campaigns/{campaign.id}/pipeline.csv").status_code == 200  # reading still works
    client.post(f"/campaigns/{campaign.id}/restore")
    session.refresh(campaign)
    assert not campaign.is_archived
    assert [event.action for event in session.exec(select(AuditEvent).where(AuditEvent.object_type == "campaign",
                                                                            AuditEvent.object_id == campaign.id))][-2:] == ["archived", "restored"]


def test_delete_campaign_asks_with_counts_then_deletes(client, auth, session, users):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    assert client.get(f"/campaigns/{campaign.id}/delete").status_code == 403  # admins only
    auth.logout()
    auth.login("admin@example.com")
    page = client.get(f"/campaigns/{campaign.id}/delete").get_data(as_text=True)
    assert "<strong>2</strong> entries" in page
    stale = client.post(f"/campaigns/{campaign.id}/delete", data={"counts": "1 entries"})
    assert stale.status_code == 409 and b"The counts changed" in stale.data
    assert session.get(Campaign, campaign.id) is not None
    counts = "2 entries, 0 pitches, 0 replies, 0 samples, 0 fees, 0 notes, 0 coverage, 0 emails in the outbox, 0 follow-up email steps, 0 files"
    done = client.post(f"/campaigns/{campaign.id}/delete", data={"counts": counts}, follow_redirects=True)
    assert b"Deleted the campaign" in done.data
    campaign_id = campaign.id
    session.expunge_all()
    assert session.get(Campaign, campaign_id) is None and session.exec(select(PipelineEntry)).all() == []


def test_merge_duplicate_blog_from_the_crawler_message(client, auth, session, users):
    keeper = make_blogger(session, "Maya", slug="maya")
    twin = make_blogger(session, "Maya again", slug="maya-2")
    keep_blog = session.exec(select(Blog).where(Blog.blogger_id == keeper.id)).one()
    drop_blog = session.exec(select(Blog).where(Blog.blogger_id == twin.id)).one()
    drop_blog.last_error, drop_blog.error_count = f"this is the same feed as blog {keep_blog.id}: remove one of them", 1
    session.add(Post(blog_id=drop_blog.id, key="p1", title="Only here", published_at=NOW))
    session.commit()
    auth.login("admin@example.com")
    directory = client.get("/blogs/").get_data(as_text=True)
    assert f'href="/blogs/{drop_blog.id}/merge">Merge…</a>' in directory
    page = client.get(f"/blogs/{drop_blog.id}/merge").get_data(as_text=True)
    assert f'value="{keep_blog.id}"' in page and "<strong>1</strong> posts" in page
    assert client.post(f"/blogs/{drop_blog.id}/merge", data={"target": drop_blog.id, "counts": "1 posts, 0 mentions"}).status_code == 409
    ids = drop_blog.id, keep_blog.id, twin.id
    done = client.post(f"/blogs/{ids[0]}/merge", data={"target": ids[1], "counts": "1 posts, 0 mentions"})
    assert done.status_code == 302
    session.expunge_all()
    assert session.get(Blog, ids[0]) is None and session.get(Blogger, ids[2]) is None
    assert session.exec(select(Post.blog_id)).all() == [ids[1]]
    auth.logout()
    auth.login("manager@example.com")
    assert client.get(f"/blogs/{ids[1]}/delete").status_code == 403


def test_niche_delete_names_the_campaigns_and_merge_moves_them(client, auth, session, users):
    session.add_all([Niche(name="Coffee", brief="coffee"), Niche(name="Espresso", brief="espresso")])
    session.commit()
    coffee, espresso = (session.exec(select(Niche).where(Niche.name == name)).one() for name in ("Coffee", "Espresso"))
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    campaign.niche_id = espresso.id
    session.add(campaign)
    session.commit()
    auth.login("admin@example.com")
    page = client.get(f"/niches/{espresso.id}/delete").get_data(as_text=True)
    assert "(Autumn launch) keep running without one" in page and "<strong>1</strong> campaigns" in page
    ids = espresso.id, coffee.id, campaign.id
    client.post(f"/niches/{ids[0]}/merge", data={"target": ids[1], "counts": "1 campaigns, 0 seeds, 0 verdicts"})
    session.expunge_all()
    assert session.get(Niche, ids[0]) is None and session.get(Campaign, ids[2]).niche_id == ids[1]


def test_ids_no_row_can_have_are_not_found(client, auth, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("admin@example.com")
    huge = 2**63
    assert client.post(f"/follow-ups/{huge}/done").status_code == 404  # it was a 500
    assert client.post(f"/campaigns/{campaign.id}/merge", data={"target": huge, "counts": "x"}).status_code == 409
    assert client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "stage_id": huge,
                                                               "entry": str(maya.id)}).status_code == 400
