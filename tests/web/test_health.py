"""/healthz, for a load balancer: 200 while the database answers on the newest schema, 503 with the
reason otherwise, without signing in and without a session cookie."""

from __future__ import annotations

from outreach import create_app
from tests.local_mail import free_port


def health_of(database_url: str, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "k",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        return app.test_client().get("/healthz")
    finally:
        engine = app.extensions.get("outreach.engine")
        if engine is not None:
            engine.dispose()


def test_a_current_database_is_healthy_and_no_session_is_made(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers


def test_a_database_out_of_date_or_out_of_reach_answers_503_with_the_reason(tmp_path):
    response = health_of(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path)
    assert response.status_code == 503 and "schema is out of date" in response.json["problem"]
    response = health_of(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing?connect_timeout=2", tmp_path)
    assert (response.status_code, response.json["problem"]) == (503, "the database does not answer")
