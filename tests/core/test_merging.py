"""Merging and deleting blogs, bloggers, campaigns and niches: everything that pointed at the
one merged away points at the one kept, duplicates resolved, nothing lost silently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from outreach.core.campaign_files import add_file
from outreach.core.campaigns import CampaignArchived, create_campaign
from outreach.core.lifecycle import (
    archive_campaign,
    blog_counts,
    campaign_counts,
    delete_blog,
    delete_campaign,
    merge_campaigns,
    merge_niches,
    remove_niche,
    restore_campaign,
)
from outreach.core.merging import REFERENCES, MergeError, merge_blogs
from outreach.core.models import (
    AuditEvent,
    Blog,
    Blogger,
    BlogTag,
    Campaign,
    CampaignFile,
    ContactDetail,
    Fee,
    Niche,
    NicheFit,
    NicheSeed,
    Note,
    PipelineEntry,
    Pitch,
    Post,
    Sample,
    Stage,
    StageChange,
    User,
    metadata,
)
from outreach.core.pipeline import add_blogger_to_campaign, add_note, log_pitch
from outreach.core.search_index import blog_removals
from outreach.core.stages import move_entry, stage_of_kind
from tests.factories import NOW, make_blogger, make_campaign_with_entries

MERGED_TABLES = ("blog", "blogger", "post", "pipeline_entry")


def test_every_reference_to_what_a_merge_removes_is_handled():
    found = {(table.name, key.parent.name) for table in metadata.sorted_tables for key in table.foreign_keys
             if key.column.table.name in MERGED_TABLES}
    assert found == set(REFERENCES)


@pytest.fixture
def duplicate(session, users):
    """Blog 'Maya' in a campaign with a pitch, a sample and a note; blog 'Maya again' (the same
    feed, another blogger) in the same campaign and another, with its own contact and posts."""
    manager = session.get(User, users["manager"][0])
    campaign, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    other = create_campaign(session, manager, "Spring")
    again = make_blogger(session, "Maya P.", slug="maya-again")
    keeper_blog = session.exec(select(Blog).where(Blog.blogger_id == maya.blogger_id)).one()
    loser_blog = session.exec(select(Blog).where(Blog.blogger_id == again.id)).one()
    for blog, keys in ((keeper_blog, ("a", "b")), (loser_blog, ("b", "c"))):
        for key in keys:
            session.add(Post(blog_id=blog.id, key=key, title=key, published_at=NOW))
    session.add(BlogTag(blog_id=loser_blog.id, tag="coffee"))
    session.add(ContactDetail(blogger_id=again.id, kind="email", value="maya@example.com"))
    twin = add_blogger_to_campaign(session, manager, campaign, again.id)
    elsewhere = add_blogger_to_campaign(session, manager, other, again.id)
    log_pitch(session, manager, twin, channel="email", subject="Hi", message="", follow_up_on=date(2030, 1, 1))
    session.add(Sample(entry_id=twin.id, item="Mug", unit_value=Decimal("5")))
    session.add(Fee(entry_id=twin.id, description="A review", amount=Decimal("250"), currency="EUR",
                    agreed_on=date(2026, 12, 1)))
    add_note(session, manager, again.id, "Met at a fair")
    again.do_not_contact, again.do_not_contact_reason = True, "legal"  # listed after the pitch
    session.commit()
    return manager, campaign, other, keeper_blog, loser_blog, maya, twin, elsewhere


def test_merging_a_duplicate_blog_moves_everything(session, duplicate):
    manager, campaign, other, keeper_blog, loser_blog, maya, twin, elsewhere = duplicate
    keeper_blogger = maya.blogger_id
    judged, both = Niche(name="Latte art", brief="latte art"), Niche(name="Roasting", brief="roasting")
    session.add_all([judged, both])
    session.flush()
    session.add_all([NicheFit(niche_id=judged.id, blog_id=loser_blog.id, fit=False),
                     NicheFit(niche_id=both.id, blog_id=loser_blog.id, fit=False),
                     NicheFit(niche_id=both.id, blog_id=keeper_blog.id, fit=True)])
    session.commit()
    moved = merge_blogs(session, manager, loser_blog, keeper_blog)
    session.commit()
    # A verdict moves to the kept blog unless that blog has its own for the same niche.
    assert moved["verdicts"] == 1
    assert dict(session.exec(select(NicheFit.niche_id, NicheFit.fit).where(NicheFit.blog_id == keeper_blog.id))
                .all()) == {judged.id: False, both.id: True}
    assert session.get(Blog, loser_blog.id) is None
    assert blog_removals(session) == 1  # the search index drops the merged blog at its next refresh
    assert sorted(session.exec(select(Post.key).where(Post.blog_id == keeper_blog.id)).all()) == ["a", "b", "c"]
    assert moved["posts"] == 1 and moved["duplicate posts"] == 1 and moved["entries merged"] == 1
    assert session.exec(select(BlogTag.tag).where(BlogTag.blog_id == keeper_blog.id)).all() == ["coffee"]
    assert session.exec(select(ContactDetail.value).where(ContactDetail.blogger_id == keeper_blogger)).all() == ["maya@example.com"]
    # One entry per campaign: the twin merged into Maya's, the other campaign's entry moved.
    entries = session.exec(select(PipelineEntry).where(PipelineEntry.blogger_id == keeper_blogger)).all()
    assert sorted(entry.campaign_id for entry in entries) == sorted([campaign.id, other.id])
    kept = session.get(PipelineEntry, maya.id)
    assert session.exec(select(func.count()).select_from(Pitch).where(Pitch.entry_id == kept.id)).one() == 1
    assert session.exec(select(Sample.item).where(Sample.entry_id == kept.id)).all() == ["Mug"]
    assert session.exec(select(Fee.description).where(Fee.entry_id == kept.id)).all() == ["A review"]
    assert kept.next_follow_up_on == date(2030, 1, 1)
    assert session.exec(select(Note.body).where(Note.blogger_id == keeper_blogger)).all() == ["Met at a fair"]
    blogger = session.get(Blogger, keeper_blogger)
    assert blogger.do_not_contact and blogger.do_not_contact_reason == "legal"  # never lost
    assert session.get(PipelineEntry, twin.id) is None and session.get(PipelineEntry, elsewhere.id).blogger_id == keeper_blogger
    actions = set(session.exec(select(AuditEvent.action)).all())
    assert {"merged_blog", "merged", "merged_entry"} <= actions  # "merged": the blogger, by channels.merge_bloggers
    with pytest.raises(MergeError):
        merge_blogs(session, manager, keeper_blog, keeper_blog)


def test_deleting_a_blog_keeps_its_blogger(session, duplicate):
    manager, _, _, _, loser_blog, _, twin, _ = duplicate
    assert blog_counts(session, loser_blog) == {"posts": 2, "mentions": 0}
    assert delete_blog(session, manager, loser_blog)["posts"] == 2
    session.commit()
    assert session.get(Blog, loser_blog.id) is None
    assert session.get(PipelineEntry, twin.id) is not None
    assert blog_removals(session) == 1


def test_archive_merge_and_delete_campaigns(session, duplicate):
    manager, campaign, other, _, _, maya, twin, elsewhere = duplicate
    archive_campaign(session, manager, other)
    with pytest.raises(CampaignArchived):
        add_blogger_to_campaign(session, manager, other, maya.blogger_id)
    with pytest.raises(CampaignArchived):
        merge_campaigns(session, manager, campaign, other)
    restore_campaign(session, manager, other)
    move_entry(session, manager, elsewhere, stage_of_kind(session, other.id, "researching"), None)
    custom = Stage(campaign_id=other.id, name="Waiting", position=9)
    session.add(custom)
    session.flush()
    session.add(PipelineEntry(campaign_id=other.id, blogger_id=maya.blogger_id, stage_id=custom.id))
    zed = PipelineEntry(campaign_id=other.id, blogger_id=make_blogger(session, "Zed", slug="zed").id, stage_id=custom.id)
    session.add(zed)
    add_file(session, manager, campaign.id, "release.txt", b"Ours")
    add_file(session, manager, other.id, "release.txt", b"Theirs")
    session.commit()
    moved = merge_campaigns(session, manager, other, campaign)
    session.commit()
    assert moved == {"entries": 1, "entries merged": 2, "files": 1}  # Maya and her twin were in both
    assert sorted(session.exec(select(CampaignFile.name).where(CampaignFile.campaign_id == campaign.id))) == [
        f"release ({other.name}).txt", "release.txt"]
    assert session.get(Campaign, other.id) is None and session.get(PipelineEntry, elsewhere.id) is None
    assert session.get(Stage, session.get(PipelineEntry, zed.id).stage_id).kind == "shortlisted"
    history = session.exec(select(StageChange).where(StageChange.entry_id == zed.id)).one()
    assert (history.from_stage_name, history.to_stage_name) == ("Waiting", "Shortlisted")
    assert campaign_counts(session, campaign.id) == {"entries": 3, "pitches": 1, "replies": 0, "samples": 1, "fees": 1,
                                                     "notes": 0, "coverage": 0, "emails in the outbox": 0,
                                                     "follow-up email steps": 0, "files": 2}
    counts = delete_campaign(session, manager, campaign)
    session.commit()
    assert counts["entries"] == 3 and session.get(Campaign, campaign.id) is None
    assert session.exec(select(func.count()).select_from(PipelineEntry)).one() == 0
    assert session.exec(select(func.count()).select_from(Pitch)).one() == 0


def test_merge_and_delete_niches(session, users):
    manager = session.get(User, users["manager"][0])
    keep = Niche(name="Coffee", brief="coffee", keywords=[{"term": "espresso", "weight": 1}], exclusions=["tea"])
    drop = Niche(name="Espresso", brief="espresso", keywords=[{"term": "espresso", "weight": 2}, {"term": "crema", "weight": 1}],
                 exclusions=["decaf"])
    session.add_all([keep, drop])
    session.flush()
    session.add(NicheSeed(niche_id=drop.id, text="A good shot"))
    shots, beans = Blog(feed_url="https://shots.example/feed"), Blog(feed_url="https://beans.example/feed")
    session.add_all([shots, beans])
    session.flush()
    # The merged-away niche's verdicts move, except where the kept niche judged the same blog.
    session.add_all([NicheFit(niche_id=drop.id, blog_id=shots.id, fit=True),
                     NicheFit(niche_id=drop.id, blog_id=beans.id, fit=False),
                     NicheFit(niche_id=keep.id, blog_id=beans.id, fit=True)])
    campaign = create_campaign(session, manager, "Launch", niche_id=drop.id)
    session.commit()
    assert merge_niches(session, manager, drop, keep) == {"campaigns": 1, "seeds": 1, "verdicts": 1}
    session.commit()
    session.refresh(keep)
    assert dict(session.exec(select(NicheFit.blog_id, NicheFit.fit)).all()) == {shots.id: True, beans.id: True}
    assert session.get(Niche, drop.id) is None and session.get(Campaign, campaign.id).niche_id == keep.id
    assert keep.keywords == [{"term": "espresso", "weight": 2}, {"term": "crema", "weight": 1}]
    assert keep.exclusions == ["tea", "decaf"]
    assert remove_niche(session, manager, keep) == {"campaigns": 1, "seeds": 1, "verdicts": 2}
    session.commit()
    assert session.exec(select(func.count()).select_from(NicheFit)).one() == 0
    assert session.get(Campaign, campaign.id).niche_id is None  # the campaign runs on without it
    assert session.exec(select(func.count()).select_from(NicheSeed)).one() == 0
