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
