"""Campaign pages: roles, forms that re-show input, moves, stages and the entry page."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Blogger, Campaign, CampaignMember, Note, PipelineEntry, Sample, Stage, User
from outreach.core.stages import stage_of_kind
from tests.factories import make_campaign_with_entries


def setup_campaign(session, users):
    return make_campaign_with_entries(session, users["manager"][0])


def test_staff_sees_only_member_campaigns(client, auth, session, users):
    campaign, _ = setup_campaign(session, users)
    auth.login("staff@example.com")
    assert b"Autumn launch" not in client.get("/campaigns/").data
    assert client.get(f"/campaigns/{campaign.id}/").status_code == 403
    session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
    session.commit()
    assert b"Autumn launch" in client.get("/campaigns/").data
    assert client.get(f"/campaigns/{campaign.id}/").status_code == 200


def test_staff_cannot_create_campaigns(client, auth):
    auth.login("staff@example.com")
    assert client.get("/campaigns/new").status_code == 403
    assert client.post("/campaigns/new", data={"name": "Mine"}).status_code == 403


def test_manager_creates_campaign(client, auth, session):
    auth.login("manager@example.com")
    response = client.post("/campaigns/new", data={
        "name": "Winter gear", "brand": "Trailfox", "niche_id": "0",
        "brand_terms": "Trailfox, Ridge 2 ,", "starts_on": "2026-12-01", "ends_on": "2027-02-01",
    })
    assert response.status_code == 302
    campaign = session.exec(select(Campaign)).one()
    assert campaign.brand_terms == ["Trailfox", "Ridge 2"]
    assert len(session.exec(select(Stage).where(Stage.campaign_id == campaign.id)).all()) == 9


def test_bad_campaign_form_is_reshown_with_input(client, auth, session, users):
    setup_campaign(session, users)
    auth.login("manager@example.com")
    response = client.post("/campaigns/new", data={
        "name": "Autumn launch", "brand": "Keep me", "niche_id": "0",
    })
    assert response.status_code == 400
    assert b"A campaign named &#39;Autumn launch&#39; already exists." in response.data
    assert b'value="Keep me"' in response.data
    dates = client.post("/campaigns/new", data={
        "name": "Dates", "starts_on": "2026-12-01", "ends_on": "2026-01-01", "niche_id": "0"})
    assert b"The end date is before the start date." in dates.data
    garbage = client.post("/campaigns/new", data={"name": "X", "starts_on": "yesterday", "niche_id": "abc"})
    assert garbage.status_code == 400


def test_board_shows_cards_in_columns(client, auth, session, users):
    campaign, entries = setup_campaign(session, users)
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert page.count('class="card-item') == 2
    assert "Maya Pour" in page and "Leo Trail" in page


def test_move_form_without_javascript(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    pitched = stage_of_kind(session, campaign.id, "pitched")
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/{campaign.id}/entries/{entry.id}/move",
                           data={"stage_id": pitched.id, "version": entry.version})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(PipelineEntry, entry.id).stage_id == pitched.id


def test_second_mover_gets_conflict_and_first_move_stands(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    pitched = stage_of_kind(session, campaign.id, "pitched")
    declined = stage_of_kind(session, campaign.id, "declined")
    auth.login("manager@example.com")
    loaded_version = entry.version
    first = client.post(f"/campaigns/{campaign.id}/entries/{entry.id}/move",
                        data={"stage_id": pitched.id, "version": loaded_version},
                        headers={"Accept": "application/json"})
    assert first.json["ok"] is True
    second = client.post(f"/campaigns/{campaign.id}/entries/{entry.id}/move",
                         data={"stage_id": declined.id, "version": loaded_version},
                         headers={"Accept": "application/json"})
    assert second.status_code == 409
    assert second.json["message"].startswith("This card changed since you loaded it.")
    session.expire_all()
    assert session.get(PipelineEntry, entry.id).stage_id == pitched.id


def test_move_to_other_campaigns_stage_is_404(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    from outreach.core.campaigns import create_campaign

    other = create_campaign(session, session.get(User, users["manager"][0]), "Other")
    session.commit()
    foreign = stage_of_kind(session, other.id, "pitched")
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/{campaign.id}/entries/{entry.id}/move",
                           data={"stage_id": foreign.id, "version": entry.version},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    bad_version = client.post(f"/campaigns/{campaign.id}/entries/{entry.id}/move",
                              data={"stage_id": "x", "version": "y"}, headers={"Accept": "application/json"})
    assert bad_version.status_code == 400


def test_unknown_ids_are_404(client, auth):
    auth.login("manager@example.com")
    assert client.get("/campaigns/999/").status_code == 404
    assert client.get("/campaigns/entries/999/").status_code == 404
    assert client.post("/campaigns/entries/999/pitch").status_code == 404


def test_log_pitch_from_entry_page_moves_card(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-kind": "pitch", "pitch-channel": "email", "pitch-subject": "Our new roast",
        "pitch-message": "Hi Maya", "pitch-follow_up_on": "2026-12-05"})
    assert response.status_code == 302
    page = client.get(f"/campaigns/entries/{entry.id}/").data.decode()
    assert "Pitch logged." in page
    assert "Pitch by email: Our new roast" in page
    assert '<strong data-testid="stage">Pitched</strong>' in page


def test_pitch_to_do_not_contact_is_refused(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact = True
    session.add(blogger)
    session.commit()
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-kind": "pitch", "pitch-channel": "email", "pitch-subject": "Hello"})
    assert response.status_code == 400
    assert b"is on the do-not-contact list: the pitch was not logged." in response.data
    session.expire_all()
    assert session.get(Stage, session.get(PipelineEntry, entry.id).stage_id).kind == "shortlisted"


def test_bad_sample_form_reshows_input(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/entries/{entry.id}/sample", data={
        "sample-item": "Grinder", "sample-quantity": "-2", "sample-unit_value": "abc",
        "sample-currency": "usd", "sample-status": "sent"})
    assert response.status_code == 400
    assert b'value="Grinder"' in response.data
    assert session.exec(select(Sample)).all() == []


def test_sample_sent_then_received(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    auth.login("manager@example.com")
    client.post(f"/campaigns/entries/{entry.id}/sample", data={
        "sample-item": "Grinder", "sample-quantity": "2", "sample-unit_value": "49.50",
        "sample-currency": "usd", "sample-status": "sent", "sample-carrier": "UPS",
        "sample-tracking_number": "1Z999", "sample-sent_on": "2026-11-20"})
    sample = session.exec(select(Sample)).one()
    assert (sample.quantity, str(sample.unit_value), sample.currency) == (2, "49.50", "USD")
    session.expire_all()
    assert session.get(Stage, session.get(PipelineEntry, entry.id).stage_id).kind == "sample_sent"
    board = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert "Sample out" in board
    client.post(f"/campaigns/samples/{sample.id}/status", data={"status": "received"})
    session.expire_all()
    assert session.get(Sample, sample.id).status == "received"


def test_note_and_follow_up(client, auth, session, users):
    campaign, (entry, _) = setup_campaign(session, users)
    auth.login("manager@example.com")
    client.post(f"/campaigns/entries/{entry.id}/note", data={"note-body": "Prefers email."})
    assert session.exec(select(Note.body)).all() == ["Prefers email."]
    empty = client.post(f"/campaigns/entries/{entry.id}/note", data={"note-body": ""})
    assert empty.status_code == 400
    client.post(f"/campaigns/entries/{entry.id}/follow_up", data={
        "follow_up-next_follow_up_on": "2020-01-01", "follow_up-owner_id": str(users["manager"][0])})
    session.expire_all()
    assert str(session.get(PipelineEntry, entry.id).next_follow_up_on) == "2020-01-01"
    assert "Overdue" in client.get(f"/campaigns/{campaign.id}/").data.decode()


def test_stage_rename_reorder_add_remove(client, auth, session, users):
    campaign, entries = setup_campaign(session, users)
    auth.login("manager@example.com")
    shortlisted = stage_of_kind(session, campaign.id, "shortlisted")
    researching = stage_of_kind(session, campaign.id, "researching")
    client.post(f"/campaigns/{campaign.id}/stages/{shortlisted.id}/rename", data={"name": "Long list"})
    duplicate = client.post(f"/campaigns/{campaign.id}/stages/{researching.id}/rename",
                            data={"name": "long list"}, follow_redirects=True)
    assert b"There is already a stage named" in duplicate.data
    client.post(f"/campaigns/{campaign.id}/stages/{shortlisted.id}/move/down")
    client.post(f"/campaigns/{campaign.id}/stages", data={"add-name": "Event invite"})
    refused = client.post(f"/campaigns/{campaign.id}/stages/{shortlisted.id}/remove",
                          data={f"remove-{shortlisted.id}-move_to": "0"}, follow_redirects=True)
    assert b"holds 2 cards" in refused.data
    client.post(f"/campaigns/{campaign.id}/stages/{shortlisted.id}/remove",
                data={f"remove-{shortlisted.id}-move_to": str(researching.id)})
    session.expire_all()
    names = [s.name for s in session.exec(select(Stage).where(Stage.campaign_id == campaign.id)
                                          .order_by(Stage.position))]
    assert names[0] == "Researching" and names[-1] == "Event invite" and "Long list" not in names
    assert all(session.get(PipelineEntry, e.id).stage_id == researching.id for e in entries)


def test_staff_cannot_edit_stages(client, auth, session, users):
    campaign, _ = setup_campaign(session, users)
    session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
    session.commit()
    auth.login("staff@example.com")
    assert client.get(f"/campaigns/{campaign.id}/stages").status_code == 403


def test_big_column_shows_first_cards_then_all(client, auth, session, users):
    from outreach.web.campaigns.queries import BOARD_COLUMN_LIMIT

    names = [f"Blogger {index:02}" for index in range(BOARD_COLUMN_LIMIT + 5)]
    campaign, entries = make_campaign_with_entries(session, users["manager"][0], names=names)
    shortlisted = stage_of_kind(session, campaign.id, "shortlisted")
    auth.login("manager@example.com")
    board = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert board.count('class="card-item') == BOARD_COLUMN_LIMIT
    assert f"Show all {len(names)}" in board
    expanded = client.get(f"/campaigns/{campaign.id}/?expand={shortlisted.id}").data.decode()
    assert expanded.count('class="card-item') == len(names)
    column = client.get(f"/campaigns/{campaign.id}/columns/{shortlisted.id}").data.decode()
    assert column.count('class="card-item') == len(names) and "<html" not in column
    assert client.get(f"/campaigns/{campaign.id}/columns/99999").status_code == 404


def test_board_cards_escape_names_and_show_facts_and_flags(client, auth, session, users):
    from datetime import date, datetime, timedelta, timezone

    campaign, (entry, other) = make_campaign_with_entries(
        session, users["manager"][0], names=('<script>alert("x")</script> & Co', "Leo Trail"))
    manager = session.get(User, users["manager"][0])
    manager.name = "<b>Owner</b>"
    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact = True
    entry.score, entry.owner_id = 71.6, manager.id
    entry.last_contact_at = datetime(2026, 11, 3, 9, 30, tzinfo=timezone.utc)
    entry.next_follow_up_on = date.today() - timedelta(days=2)
    session.add(Sample(entry_id=entry.id, item="Grinder", status="sent"))
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/{campaign.id}/").data.decode()
    card = page[page.index(f'data-entry="{entry.id}"'):]
    card = card[:card.index("</li>")]
    assert "<script>" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in card
    assert "<dt>Owner</dt><dd>&lt;b&gt;Owner&lt;/b&gt;</dd>" in card
    assert "<dt>Score</dt><dd>72</dd>" in card and "<dt>Last contact</dt><dd>2026-11-03</dd>" in card
    assert f"<dt>Follow up</dt><dd>{entry.next_follow_up_on}</dd>" in card
    for flag in ("Overdue", "Sample out", "Do not contact"):
        assert flag in card
    assert f'data-version="{entry.version}"' in card
    assert f'href="/campaigns/entries/{entry.id}/"' in card
    assert f'data-move-url="/campaigns/{campaign.id}/entries/{entry.id}/move"' in card
    plain = page[page.index(f'data-entry="{other.id}"'):]
    plain = plain[:plain.index("</li>")]
    assert "flag-" not in plain and "dnc" not in plain
