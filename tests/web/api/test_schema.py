"""Property-based run of the whole API from its own OpenAPI document (schemathesis):
no 500 for any input, and every answer matches the document."""

from __future__ import annotations

import re
from functools import partial

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from sqlmodel import Session

from outreach.core.models import Niche
from tests.factories import make_campaign_with_entries


@pytest.fixture
def api_schema(app, engine, users, tokens):
    with Session(engine) as session:
        make_campaign_with_entries(session, users["manager"][0], names=("Maya Pour", "Leo Trail", "Ana Roast"))
        session.add(Niche(name="Coffee", brief="Home espresso and coffee gear", keywords=[{"term": "espresso", "weight": 2}]))
        session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Rules a JSON Schema cannot state (a sample received before it was sent) answer 422
    # to a request that is valid by the document.
    acceptance = schema.config.checks.positive_data_acceptance
    acceptance.expected_statuses = [*acceptance.expected_statuses, "422"]
    schema.token = tokens["manager"]
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
# Every operation is a sub-test of this one test: 20 operations x 30 examples x 14 checks take
# a minute on a quiet machine, more beside other work; the suite's 120 s limit is for one case.
@pytest.mark.timeout(600)
# Derandomized: a negative case whose only flaw is a missing Authorization header turns
# valid when the token is added at call time, and the negative-data check then fails on a
# correct answer (seen once in a full run). A fixed seed keeps CI from drawing that case;
# the same examples are explored on every run.
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_matches_its_document(case, api_schema):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_schema.token}"}, checks=EVERY_CHECK)


load_all_checks()
EVERY_CHECK = CHECKS.get_all()  # not only those on by default: the document must say what is checked


def test_the_document_says_what_the_api_checks(client, api, engine, users):
    with Session(engine) as session:
        _, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
        entry_id = entry.id
    document = client.get("/api/v1/openapi.json").get_json()
    report = next(parameter for parameter in document["paths"]["/reports/pipeline"]["get"]["parameters"]
                  if parameter["name"] == "start")
    assert re.match(report["schema"]["pattern"], "2000-01-01") and not re.match(report["schema"]["pattern"], "1999-12-31")
    assert api["manager"].get("/reports/pipeline?start=1999-12-31").status_code == 422
    money = document["components"]["schemas"]["SampleCreate"]["properties"]["unit_value"]["anyOf"]
    assert {"type": "string", "pattern": money[1]["pattern"]} == money[1] and money[0]["multipleOf"] == 0.01
    post = partial(api["manager"].post, f"/entries/{entry_id}/samples")
    # JSON Schema's integer includes 106047.0 and 2e0; text for a sum is digits, as the pattern says.
    assert post(json={"item": "Grinder", "quantity": 2.0, "unit_value": "12.50"}).status_code == 201
    assert post(json={"item": "Grinder", "quantity": 2e0, "unit_value": 12.5}).status_code == 201
    assert post(json={"item": "Grinder", "quantity": 2.5}).status_code == 422
    assert post(json={"item": "Grinder", "unit_value": "1e3"}).status_code == 422
    version = api["manager"].get(f"/entries/{entry_id}").get_json()["version"]  # the samples moved it on
    assert version == 3
    assert api["manager"].patch(f"/entries/{entry_id}", json={"version": float(version)}).status_code == 200
