"""One engine per app, however many requests arrive first at once; and a static file served to a
signed-in person without a query to the database."""

from __future__ import annotations

import threading

from sqlalchemy import event

from outreach.web.db import ENGINE_KEY, get_engine


def test_first_requests_at_once_share_one_engine(app):
    start, engines = threading.Barrier(8), []

    def first_request():
        with app.app_context():
            start.wait()
            engines.append(get_engine())

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(engines) == 8 and all(engine is app.extensions[ENGINE_KEY] for engine in engines)


def test_a_static_file_asks_nothing_of_the_database(app, client, auth):
    auth.login("staff@example.com")
    assert client.get("/").status_code == 200
    statements = []
    event.listen(get_engine(app), "before_cursor_execute", lambda *args: statements.append(args[2]))
    response = client.get("/static/app.css")
    assert response.status_code == 200 and statements == []
    client.get("/")
    assert statements  # the listener hears a page's queries
