"""A sample's address asked for from a script: the link it answers opens the blogger's page, and the
address they give is read back with the sample."""

from __future__ import annotations

from outreach.core.models import Sample
from tests.web.test_address_requests import planned_sample


def test_a_script_asks_for_an_address_and_reads_it_back(api, client, engine, session, users):
    entry_id, sample_id = planned_sample(engine, users)
    made = api["staff"].post(f"/samples/{sample_id}/address-request")
    assert made.status_code == 201 and "/campaigns/address/adr_" in made.json["link"]
    path = made.json["link"].split("localhost", 1)[1]
    assert client.post(path, data={"address": "1 Bean Street\r\nBerlin"}).status_code == 200
    [sample] = api["staff"].get(f"/entries/{entry_id}/samples").json
    assert sample["shipping_address"] == "1 Bean Street\nBerlin" and sample["address_given_at"] is not None
    assert api["staff"].post(f"/samples/{sample_id + 5}/address-request").status_code == 404
    sample_row = session.get(Sample, sample_id)
    sample_row.status = "sent"
    session.add(sample_row)
    session.commit()
    sent = api["staff"].post(f"/samples/{sample_id}/address-request")
    assert sent.status_code == 409 and "no longer asked for" in sent.json["error"]
    assert client.get(path).status_code == 404
