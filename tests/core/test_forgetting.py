"""A blogger's data at their request: everything exported, and forgotten for good (deleted, with
only digests of their emails and addresses kept, so that nothing adds them again)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.blog_intake import IntakeError, import_upload, queue_blog
from outreach.core.campaigns import create_campaign
from outreach.core.candidates import discover_from_posts
from outreach.core.fees import record_fee
from outreach.core.forgetting import export_blogger, forget_blogger, forget_counts, forgotten_since
from outreach.core.models import (
    AuditEvent,
    Blog,
    BlogCandidate,
    Blogger,
    BlogRemoval,
    BlogTag,
    ContactDetail,
    Coverage,
    Fee,
    ForgottenIdentity,
    Mailbox,
    Mention,
    Monitor,
    Niche,
    NicheSeed,
    Note,
    Notification,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    Post,
    Reply,
    ReplyFile,
    Sample,
    StageChange,
    User,
    WebhookDelivery,
)
from outreach.core.pipeline import add_blogger_to_campaign, add_note, log_pitch, log_reply
from outreach.core.samples import record_sample
from tests.factories import Collection


@pytest.fixture
def two_people(session: Session, users):
    """Maya, worked in a campaign with everything a campaign logs; Leo, in the same campaign."""
    manager = session.get(User, users["manager"][0])
    collection = Collection(session)
    maya_blog = collection.blog("Maya Pour", ["cooking"] * 3)
    leo_blog = collection.blog("Leo Trail", ["running"] * 3)
    maya, leo = session.get(Blogger, maya_blog.blogger_id), session.get(Blogger, leo_blog.blogger_id)
    session.add(BlogTag(blog_id=maya_blog.id, tag="coffee"))
    session.add(ContactDetail(blogger_id=maya.id, kind="email", value="Maya@Pour.example", found_by="contact page"))
    session.add(ContactDetail(blogger_id=maya.id, kind="twitter", value="https://x.com/mayapour", found_by="about page"))
    session.add(ContactDetail(blogger_id=leo.id, kind="email", value="leo@trail.example", found_by="contact page"))
    campaign = create_campaign(session, manager, "Autumn launch", brand="Northbrew")
    entry = add_blogger_to_campaign(session, manager, campaign, maya.id)
    other = add_blogger_to_campaign(session, manager, campaign, leo.id)
    log_pitch(session, manager, entry, channel="email", subject="Our grinder", message="Dear Maya", follow_up_on=None)
    log_reply(session, manager, entry, channel="email", summary="Send one to 1 Bean St", sentiment="positive")
    record_sample(session, manager, entry, Sample(entry_id=entry.id, item="Grinder", quantity=1,
                                                  shipping_address="1 Bean St", sent_on=date(2026, 3, 2)))
    record_fee(session, manager, entry, Fee(description="A review video", amount=Decimal("400"), currency="EUR"),
               today=date(2026, 3, 3))
    add_note(session, manager, maya.id, "Prefers mornings", entry=entry)
    add_note(session, manager, maya.id, "Met at the fair")
    add_note(session, manager, leo.id, "Leo's note")
    first_post = session.exec(select(Post).where(Post.blog_id == maya_blog.id)).first()
    session.add(Coverage(entry_id=entry.id, post_id=first_post.id, url=first_post.url, title="Review", status="proposed"))
    session.add(Notification(user_id=manager.id, kind="slow_answer", title="Maya has waited", url=f"/campaigns/entries/{entry.id}/"))
    session.add(Notification(user_id=manager.id, kind="mention", title="Leo named Northbrew", url="/mentions/"))
    monitor = Monitor(name="Northbrew", terms=["northbrew"])
    session.add(monitor)
    session.flush()
    mention = Mention(monitor_id=monitor.id, post_id=first_post.id, blog_id=maya_blog.id, blogger_id=maya.id,
                      excerpt="my Northbrew grinder_50% is loud", published_at=first_post.published_at)
    session.add(mention)
    session.flush()
    session.add(WebhookDelivery(monitor_id=monitor.id, mention_id=mention.id, payload={"author": "Maya Pour"}))
    session.add(Notification(user_id=manager.id, kind="mention", title="2 new mentions of Northbrew",
                             body="my Northbrew grinder_50% is loud\n\nAnother blog's words", url="/mentions/?monitor=1"))
    session.add(Notification(user_id=manager.id, kind="mention", title="1 new mention of Northbrew",
                             body="my Northbrew grinderX50% is loud", url="/mentions/?monitor=1"))
    audit.record(session, manager, "edited", "blogger", maya.id, name="Maya Pour")
    session.commit()
    return {"maya": maya, "leo": leo, "maya_blog": maya_blog, "leo_blog": leo_blog, "entry": entry, "other": other,
            "manager": manager}


def test_forgetting_deletes_the_person_and_all_about_them_and_nothing_of_anyone_else(session, two_people):
    maya, manager = two_people["maya"], two_people["manager"]
    maya_id, entry_id = maya.id, two_people["entry"].id
    leo_blog_id, other_entry_id = two_people["leo_blog"].id, two_people["other"].id
    counts = forget_counts(session, maya)
    assert counts == {"blogs": 1, "posts": 3, "contacts": 2, "entries": 1, "notes": 2, "pitches": 1, "replies": 1,
                      "samples": 1, "fees": 1, "coverage": 1, "messages": 0}
    assert forget_blogger(session, manager, maya) == counts
    session.commit()
    session.expunge_all()
    assert session.get(Blogger, maya_id) is None
    assert session.exec(select(Blog.title)).all() == ["Leo Trail's blog"]
    assert {post.blog_id for post in session.exec(select(Post))} == {leo_blog_id}
    # Logged for the search index, which drops the posts at its next refresh: a count, nothing of hers.
    assert [removal.blogs for removal in session.exec(select(BlogRemoval))] == [1]
    assert session.exec(select(ContactDetail.value)).all() == ["leo@trail.example"]
    assert session.exec(select(Note.body)).all() == ["Leo's note"]
    assert [entry.id for entry in session.exec(select(PipelineEntry))] == [other_entry_id]
    for model in (Pitch, Reply, Sample, Fee, Coverage, BlogTag):
        assert session.exec(select(model)).all() == [], model.__name__
    assert all(change.entry_id != entry_id for change in session.exec(select(StageChange)))
    # Gone: the alert linking to her entry, and the one quoting her post (not one that only looks like it).
    assert session.exec(select(Notification.title)).all() == ["Leo named Northbrew", "1 new mention of Northbrew"]
    assert session.exec(select(Mention)).all() == [] and session.exec(select(WebhookDelivery)).all() == []
    # The audit trail keeps who did what and when, not the person's name.
    events = session.exec(select(AuditEvent).where(AuditEvent.object_type == "blogger",
                                                   AuditEvent.object_id == maya_id)).all()
    assert "Maya" not in json.dumps([event.details for event in events])
    assert events[-1].action == "forgot" and events[-1].details["posts"] == 3
    fee_events = session.exec(select(AuditEvent).where(AuditEvent.object_type == "fee")).all()
    assert fee_events and all(event.details == {"forgotten": True} for event in fee_events)  # "A review video"
    # Kept: digests only, of the email (in any case), the blog's two addresses and the profile.
    kept = session.exec(select(ForgottenIdentity)).all()
    assert sorted(row.kind for row in kept) == ["address", "address", "address", "email"]
    assert all(len(row.digest) == 64 and "maya" not in row.digest for row in kept)
    assert forgotten_since(session, emails=[" maya@pour.EXAMPLE "]) is not None
    assert forgotten_since(session, emails=["leo@trail.example"]) is None


def test_a_forgotten_person_is_not_added_again_by_any_road(session, two_people, users):
    manager = two_people["manager"]
    forget_blogger(session, manager, two_people["maya"])
    session.commit()
    for spelling in ("http://www.maya-pour.example", "https://maya-pour.example/feed/"):
        with pytest.raises(IntakeError, match="asked to be forgotten on"):
            queue_blog(session, spelling, manager)
    listing = ("name,url,email\nMaya again,https://maya-new.example/,maya@pour.example\n"
               "Maya's blog,https://maya-pour.example/,\nNew Person,https://new.example/,new@new.example\n")
    report = import_upload(session, "list.csv", listing.encode(), manager)
    session.commit()
    assert report.added == 1 and [problem.line for problem in report.problems] == [2, 3]
    assert all("asked to be forgotten" in problem.reason for problem in report.problems)
    assert "new.example" in " ".join(session.exec(select(Blog.feed_url)).all())
    # Discovery does not propose their blog from a colleague's link to it.
    post = session.exec(select(Post).where(Post.blog_id == two_people["leo_blog"].id)).first()
    post.content_html = '<a href="https://maya-pour.example/">a friend</a> <a href="https://ann.example/">another</a>'
    session.add(post)
    session.commit()
    discover_from_posts(session, None)
    session.commit()
    assert session.exec(select(BlogCandidate.url)).all() == ["https://ann.example/"]


def test_a_candidate_already_proposed_goes_when_its_blogger_is_forgotten(session, two_people):
    session.add(BlogCandidate(url="https://maya-pour.example/", site="maya-pour.example",
                              found_on_blog_id=two_people["leo_blog"].id, found_on_url="https://leo-trail.example/p/1",
                              found_how="post link"))
    session.commit()
    forget_blogger(session, two_people["manager"], two_people["maya"])
    session.commit()
    assert session.exec(select(BlogCandidate)).all() == []


def test_the_export_holds_everything_stored_about_the_person(session, two_people):
    mailbox = Mailbox(name="Press", email_address="pr@example.test", smtp_host="127.0.0.1", username="pr")
    session.add(mailbox)
    session.flush()
    entry_id = session.exec(select(PipelineEntry.id).where(PipelineEntry.blogger_id == two_people["maya"].id)).one()
    session.add(OutboxMessage(mailbox_id=mailbox.id, entry_id=entry_id, message_id="<q@x>", to_address="maya@pour.example",
                              subject="A second grinder?", body="Never sent", status="failed"))
    reply_id = session.exec(select(Reply.id).where(Reply.entry_id == entry_id)).one()
    session.add(ReplyFile(reply_id=reply_id, name="Rates.pdf", content_type="application/pdf", size=5, data=b"%PDF-"))
    session.commit()
    document = json.loads(json.dumps(export_blogger(session, two_people["maya"])))
    assert document["person"]["name"] == "Maya Pour"
    assert {contact["value"] for contact in document["contacts"]} == {"Maya@Pour.example", "https://x.com/mayapour"}
    [blog] = document["blogs"]
    assert blog["tags"] == ["coffee"] and len(blog["posts"]) == 3
    assert [note["body"] for note in document["notes"]] == ["Met at the fair"]
    [entry] = document["campaign_entries"]
    assert entry["campaign"] == "Autumn launch" and entry["stage"] == "Sample sent"
    assert entry["pitches"][0]["subject"] == "Our grinder"
    assert entry["replies"][0]["summary"] == "Send one to 1 Bean St"
    assert entry["reply_files"] == [{"name": "Rates.pdf", "content_type": "application/pdf", "size": 5}]
    [email] = entry["emails"]  # an email that never went is stored about them all the same
    assert (email["subject"], email["status"]) == ("A second grinder?", "failed")
    assert entry["samples"][0]["shipping_address"] == "1 Bean St"
    assert [(fee["description"], fee["amount"], fee["agreed_on"]) for fee in entry["fees"]] == [
        ("A review video", "400.00", "2026-03-03")]
    assert [note["body"] for note in entry["notes"]] == ["Prefers mornings"]
    assert entry["coverage"][0]["title"] == "Review"
    assert [change["to_stage_name"] for change in entry["stage_changes"]][-1] == "Sample sent"
    assert "Leo" not in json.dumps(document)


def test_a_second_person_with_an_address_already_forgotten_is_forgotten_too(session, two_people):
    forget_blogger(session, two_people["manager"], two_people["maya"])
    session.commit()
    kept = len(session.exec(select(ForgottenIdentity)).all())
    leo = two_people["leo"]
    session.add(ContactDetail(blogger_id=leo.id, kind="email", value="maya@pour.example", found_by="shared inbox"))
    session.commit()
    forget_blogger(session, two_people["manager"], leo)
    session.commit()
    # Leo's own email and two addresses are new; the shared inbox was kept once already.
    assert len(session.exec(select(ForgottenIdentity)).all()) == kept + 3
    assert session.exec(select(Blogger)).all() == []


def test_their_email_goes_from_another_bloggers_contacts_too(session, two_people):
    leo = two_people["leo"]
    session.add(ContactDetail(blogger_id=leo.id, kind="email", value=" MAYA@pour.example", found_by="team page"))
    session.commit()
    forget_blogger(session, two_people["manager"], two_people["maya"])
    session.commit()
    assert session.exec(select(ContactDetail.value).where(ContactDetail.blogger_id == leo.id)).all() == [
        "leo@trail.example"]


def test_forgetting_drops_the_niche_examples_taken_from_their_writing(session, two_people):
    maya, leo_blog = two_people["maya"], two_people["leo_blog"]
    maya_blog = session.exec(select(Blog).where(Blog.blogger_id == maya.id)).one()
    post = session.exec(select(Post).where(Post.blog_id == maya_blog.id)).first()
    other_post = session.exec(select(Post).where(Post.blog_id == maya_blog.id).offset(1)).first()
    niche = Niche(name="Coffee", brief="coffee at home")
    session.add(niche)
    session.flush()
    session.add_all([NicheSeed(niche_id=niche.id, url=post.url, post_id=post.id),  # a post we hold
                     NicheSeed(niche_id=niche.id, url=maya_blog.homepage_url),  # her blog: its newest posts
                     NicheSeed(niche_id=niche.id, url=other_post.url.replace("https://", "http://www.")),
                     NicheSeed(niche_id=niche.id, url=maya_blog.homepage_url + "about-me", text="I brew daily."),
                     NicheSeed(niche_id=niche.id, url=leo_blog.homepage_url),
                     NicheSeed(niche_id=niche.id, text="Pasted: latte art at home")])
    session.commit()
    forget_blogger(session, two_people["manager"], maya)
    session.commit()
    assert sorted((seed.url, seed.text) for seed in session.exec(select(NicheSeed))) == [
        ("", "Pasted: latte art at home"), (leo_blog.homepage_url, "")]
