"""A field's limits are declared once, on the model: the page's form and the API refuse and
accept the same values."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.models import Note, Sample, SampleBase, limits_of
from outreach.web.limits import limits
from tests.factories import make_campaign_with_entries


def test_form_validators_come_from_the_model():
    declared = limits_of(SampleBase, "currency")
    assert (declared.min_length, declared.max_length, declared.pattern) == (3, 3, r"^[A-Za-z]{3}$")
    kinds = [type(validator).__name__ for validator in limits(SampleBase, "quantity")]
    assert kinds == ["NumberRange"] and limits(SampleBase, "quantity")[0].max == 100_000
    assert limits(Note, "body")[0].max == 20_000


@pytest.mark.parametrize("field, value, accepted", [
    ("currency", "eur", True),
    ("currency", "E1R", False),
    ("currency", "EURO", False),
    ("quantity", 100_000, True),
    ("quantity", 100_001, False),
    ("item", "x" * 300, True),
    ("item", "x" * 301, False),
])
def test_form_and_api_agree_on_a_sample(client, auth, api, session, users, field, value, accepted):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    sample = {"item": "Grinder", "quantity": 1, "currency": "USD", field: value}
    auth.login("manager@example.com")
    page = client.post(f"/campaigns/entries/{entry.id}/sample",
                       data={f"sample-{name}": str(given) for name, given in sample.items()} | {"sample-unit_value": "10", "sample-status": "planned"})
    assert (page.status_code == 302) is accepted, page.data[:300]
    through_api = api["manager"].post(f"/entries/{entry.id}/samples", json=sample)
    assert (through_api.status_code == 201) is accepted, through_api.json
    assert len(session.exec(select(Sample)).all()) == (2 if accepted else 0)


def test_a_60000_character_note_is_refused_on_every_page_and_by_the_rules(client, auth, session, users):
    from outreach.core.models import User
    from outreach.core.pipeline import add_note
    from outreach.core.stages import PipelineError

    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    for path, name in ((f"/campaigns/entries/{entry.id}/note", "note-body"),
                       (f"/bloggers/{entry.blogger_id}/notes", "note-body")):
        response = client.post(path, data={name: "word " * 12_000}, follow_redirects=True)
        assert "Too long: at most 20,000 characters." in response.data.decode(), path
    assert session.exec(select(Note)).all() == []
    with pytest.raises(PipelineError, match="at most 20,000 characters"):
        add_note(session, session.get(User, users["manager"][0]), entry.blogger_id, "x" * 60_000, entry=entry)


def test_pitch_text_limits_are_the_same_in_the_form_and_the_api(client, auth, api, session, users):
    from outreach.core.models import Pitch, PitchBase

    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    most = limits_of(PitchBase, "message").max_length
    auth.login("manager@example.com")
    for length, accepted in ((most, True), (most + 1, False)):
        page = client.post(f"/campaigns/entries/{entry.id}/pitch", data={
            "pitch-template_id": "0", "pitch-kind": "pitch", "pitch-channel": "email",
            "pitch-subject": "Hello", "pitch-message": "m" * length})
        assert (page.status_code == 302) is accepted
        through_api = api["manager"].post(f"/entries/{entry.id}/pitches",
                                          json={"subject": "Hello", "message": "m" * length})
        assert (through_api.status_code == 201) is accepted
    assert "Too long: at most 50,000 characters." in page.data.decode()
    assert len(session.exec(select(Pitch)).all()) == 2


def test_a_160000_character_brief_is_refused_with_a_clear_message(client, auth, session):
    from outreach.core.models import Niche

    auth.login("manager@example.com")
    response = client.post("/niches/", data={"name": "Huge", "brief": "trail running " * 11_500})
    assert response.status_code == 400
    assert "Too long: at most 5,000 characters." in response.data.decode()
    assert session.exec(select(Niche)).all() == []
