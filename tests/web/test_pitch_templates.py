"""Pitch templates: merge fields, preview, and no saving with a placeholder left."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import select

from outreach.core.models import Blog, Blogger, Pitch, PitchTemplate, Post
from outreach.core.pitch_templates import fill, placeholders
from tests.factories import make_campaign_with_entries


def test_fill_and_placeholders():
    text = "Hi {{ first_name }}, loved {{recent_post_title}}! {{ unknown }}"
    filled = fill(text, {"first_name": "Maya", "recent_post_title": "Cold brew"})
    assert filled == "Hi Maya, loved Cold brew! {{ unknown }}"
    assert placeholders(filled) == ["unknown"]
    assert fill("{{ first_name }}", {"first_name": ""}) == "{{ first_name }}"


def make_template(session):
    template = PitchTemplate(name="Intro", subject="For {{ blog_name }}",
                             body="Hi {{ first_name }}, I read {{ recent_post_title }}. {{ best_post_title }}")
    session.add(template)
    session.commit()
    return template


def test_template_page_saves_and_refuses_unknown_fields(client, auth, session):
    auth.login()
    ok = client.post("/campaigns/templates/", data={"name": "Intro", "subject": "Hi", "body": "Hi {{ first_name }}"})
    assert ok.status_code == 302
    bad = client.post("/campaigns/templates/", data={"name": "Other", "body": "Hi {{ nickname }}"})
    assert bad.status_code == 400
    assert b"Unknown merge field: nickname." in bad.data
    duplicate = client.post("/campaigns/templates/", data={"name": "Intro", "body": "x"})
    assert b"already exists" in duplicate.data
    assert [t.name for t in session.exec(select(PitchTemplate))] == ["Intro"]


def test_preview_fills_known_fields_and_lists_unfilled(client, auth, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    blog = session.exec(select(Blog).where(Blog.blogger_id == entry.blogger_id)).one()
    session.add(Post(blog_id=blog.id, key="1", title="Cold brew at home", url="https://b0.example/cold",
                     published_at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
    template = make_template(session)
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": template.id, "pitch-kind": "pitch", "pitch-channel": "email", "preview": "1"})
    page = response.data.decode()
    assert response.status_code == 200
    assert 'value="For Maya Pour&#39;s blog"' in page
    assert "Hi Maya, I read Cold brew at home." in page
    assert "Not filled:" in page and "{{ best_post_title }}" in page
    assert session.exec(select(Pitch)).all() == []


def test_saving_with_a_placeholder_left_is_refused(client, auth, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": "0", "pitch-kind": "pitch", "pitch-channel": "email",
        "pitch-subject": "Hello", "pitch-message": "Hi {{ first_name }}"})
    assert response.status_code == 400
    assert b"Fill in {{ first_name }} before saving" in response.data
    assert session.exec(select(Pitch)).all() == []
    fixed = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": "0", "pitch-kind": "pitch", "pitch-channel": "email",
        "pitch-subject": "Hello", "pitch-message": "Hi Maya"})
    assert fixed.status_code == 302
    assert session.exec(select(Pitch.message)).all() == ["Hi Maya"]


def test_blogger_without_name_leaves_first_name_unfilled(client, auth, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    blogger = session.get(Blogger, entry.blogger_id)
    blogger.name = ""
    session.add(blogger)
    template = make_template(session)
    auth.login("manager@example.com")
    page = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": template.id, "pitch-kind": "pitch", "pitch-channel": "email",
        "preview": "1"}).data.decode()
    assert "Hi {{ first_name }}" in page


def test_best_post_fields_fill_from_the_ranking_of_the_campaigns_niche(app, client, auth, session, users):
    from outreach.core.campaigns import create_campaign
    from outreach.core.models import Niche, User
    from outreach.core.pipeline import add_blogger_to_campaign
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    collection = Collection(session)
    for number in range(6):
        collection.blog(f"Other {number}", ["cooking"] * 6)
    rita = collection.blog("Rita Runner", ["cooking", "running", "gardening"])
    refresh_index(session, app_index_dir(app), rebuild=True)
    niche = Niche(name="Trail running", brief="Trail running, marathon training and race pace")
    session.add(niche)
    session.flush()
    manager = session.get(User, users["manager"][0])
    campaign = create_campaign(session, manager, "Trail shoes", brand="Trailfox", niche_id=niche.id)
    entry = add_blogger_to_campaign(session, manager, campaign, rita.blogger_id)
    template = PitchTemplate(name="Best", subject="About {{ best_post_title }}",
                             body="I loved {{ best_post_title }} ({{ best_post_url }}).")
    session.add(template)
    session.commit()
    best = session.exec(select(Post).where(Post.blog_id == rita.id, Post.title == "Rita Runner on running #1")).one()
    auth.login("manager@example.com")
    preview = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": template.id, "pitch-kind": "pitch", "pitch-channel": "email", "preview": "1"})
    page = preview.data.decode()
    assert 'value="About Rita Runner on running #1"' in page
    assert f"I loved Rita Runner on running #1 ({best.url})." in page
    assert "Not filled:" not in page
    saved = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": template.id, "pitch-kind": "pitch", "pitch-channel": "email",
        "pitch-subject": "About Rita Runner on running #1",
        "pitch-message": f"I loved Rita Runner on running #1 ({best.url})."})
    assert saved.status_code == 302
    assert session.exec(select(Pitch.subject)).all() == ["About Rita Runner on running #1"]


def test_a_pitch_remembers_its_template_and_the_dashboard_compares_templates(client, auth, session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    template = make_template(session)
    auth.login("manager@example.com")
    for entry, chosen in ((maya, template.id), (leo, 0)):
        response = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
            "pitch-template_id": chosen, "pitch-kind": "pitch", "pitch-channel": "email",
            "pitch-subject": "A grinder", "pitch-message": "Edited by hand after choosing"})
        assert response.status_code == 302
    assert dict(session.exec(select(Pitch.entry_id, Pitch.template_id)).all()) == {maya.id: template.id, leo.id: None}
    page = client.get(f"/dashboard/?campaign={campaign.id}").get_data(as_text=True)
    table = page[page.index('id="templates-table"'):page.index("</table>", page.index('id="templates-table"'))]
    assert table.index("<td>Intro</td><td>1</td><td>0</td><td>0.0%</td>") < table.index(
        "<td>Written without a template</td><td>1</td>")
    csv_text = client.get(f"/dashboard/templates.csv?campaign={campaign.id}").get_data(as_text=True)
    assert csv_text.splitlines()[:3] == [
        "template,pitched,replied,reply_rate,won,win_rate,median_days_to_first_reply",
        "Intro,1,0,0.0,0,0.0,", "Written without a template,1,0,0.0,0,0.0,"]


def test_the_team_s_fields_are_merge_fields_too(client, auth, session, users):
    from outreach.core.custom_fields import add_field, set_values
    from outreach.core.models import User
    from outreach.core.pitch_templates import field_merge_names

    manager = session.get(User, users["manager"][0])
    rate = add_field(session, manager, "Rate for a post", "number")
    add_field(session, manager, "Brand", "text")  # a built-in's name: written after field_
    add_field(session, manager, "2nd channel", "text")
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    set_values(session, manager, session.get(Blogger, entry.blogger_id), {rate.id: "450"})
    session.commit()
    assert [name for name, _ in field_merge_names(session).values()] == [
        "rate_for_a_post", "field_brand", "field_2nd_channel"]
    auth.login("manager@example.com")
    page = client.get("/campaigns/templates/").data.decode()
    assert "{{ rate_for_a_post }}" in page and "The team&#39;s field &#39;Rate for a post&#39;" in page
    saved = client.post("/campaigns/templates/", data={"name": "Paid", "subject": "A paid post",
                                                       "body": "We can offer {{ rate_for_a_post }} EUR. {{ field_brand }}"})
    assert saved.status_code == 302
    template = session.exec(select(PitchTemplate)).one()
    preview = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
        "pitch-template_id": template.id, "pitch-kind": "pitch", "pitch-channel": "email", "preview": "1"}).data.decode()
    assert "We can offer 450 EUR." in preview and "{{ field_brand }}" in preview.split("Not filled:")[1]
