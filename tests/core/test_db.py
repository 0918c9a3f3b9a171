"""The schema: migrations agree with the models, init-db is repeatable, bad URLs are clear."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, Table, inspect
from sqlmodel import Session, select

from outreach import create_app
from outreach.core.db import make_engine, upgrade_schema
from outreach.core.db.schema import described_by_models
from outreach.core.models import Blog, Mailbox, metadata
from outreach.core.users import create_user


def insert_as_of(connection, model, rows: list[dict]) -> None:
    """Insert rows into a table as an older schema has it: its columns then, the model's defaults
    for those the rows leave out (a model's newer columns would not exist yet)."""
    existing = Table(model.__tablename__, MetaData(), autoload_with=connection).columns
    current = model.__table__.columns
    table = Table(model.__tablename__, MetaData(), *[Column(column.name, current[column.name].type)
                                                     for column in existing])
    filled = []
    for row in rows:
        values = dict(row)
        for column in existing:
            default = current[column.name].default
            if column.name not in values and default is not None:
                values[column.name] = default.arg(None) if default.is_callable else default.arg
        filled.append(values)
    connection.execute(table.insert(), filled)


def test_migrations_match_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": described_by_models})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_every_model_table_exists(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_upgrade_twice_keeps_data(engine):
    with Session(engine) as session:
        session.add(Blog(feed_url="https://example.com/feed"))
        session.commit()
    upgrade_schema(engine)
    upgrade_schema(engine)
    with Session(engine) as session:
        assert [blog.feed_url for blog in session.exec(select(Blog))] == ["https://example.com/feed"]


def test_init_db_command_is_safe_to_run_twice(runner, engine):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "Database ready" in second.output


def test_init_db_on_new_sqlite_file_creates_schema(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "instance" / "outreach.sqlite").exists()
    engine = make_engine(app.config["DATABASE_URL"])
    assert "blog" in inspect(engine).get_table_names()
    engine.dispose()


def test_bad_database_url_is_one_clear_line(tmp_path):
    app = create_app({"DATABASE_URL": "not a url at all", "INSTANCE_PATH": str(tmp_path)})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert "Error: not a database URL: 'not a url at all'" in result.output
    assert "Traceback" not in result.output


def test_unknown_database_driver_is_clear(tmp_path):
    app = create_app({"DATABASE_URL": "nosuchdb://x/y", "INSTANCE_PATH": str(tmp_path)})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert "Error: cannot use database URL" in result.output


def test_unreachable_postgresql_is_clear(tmp_path):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    url = "postgresql+psycopg://postgres@127.0.0.1:1/outreach"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: cannot reach the database:")
    assert len(result.output.strip().splitlines()) == 1


def test_unique_feed_url_is_enforced(session):
    import pytest
    from sqlalchemy.exc import IntegrityError

    session.add(Blog(feed_url="https://example.com/feed"))
    session.commit()
    session.add(Blog(feed_url="https://example.com/feed"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert len(session.exec(select(Blog)).all()) == 1


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_user_password_is_hashed(session):
    user = create_user(session, "a@example.com", "long enough password", "staff")
    session.commit()
    assert "long enough password" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_the_text_index_migration_fills_in_blogs_already_stored(tmp_path):
    from alembic import command

    from outreach.core.db.schema import alembic_config
    from outreach.core.models import Blogger
    from outreach.web.bloggers.queries import DirectoryFilters, directory_page

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    command.upgrade(alembic_config(engine), "0005")
    with engine.begin() as connection:
        insert_as_of(connection, Blogger, [{"id": 7, "name": "Maya Pour", "relationship_status": "new",
                                            "do_not_contact": False, "location": ""}])
        insert_as_of(connection, Blog, [{"feed_url": "https://maya.example/feed", "title": "Filter diaries",
                                         "homepage_url": "https://maya.example/", "blogger_id": 7}])
    upgrade_schema(engine)
    with Session(engine) as session:
        rows, total = directory_page(session, DirectoryFilters(text="maya pour"), 1)
    assert [row.title for row in rows] == ["Filter diaries"] and total == 1
    engine.dispose()


def test_the_date_migration_fixes_posts_stored_with_dates_in_the_future(engine):
    from datetime import datetime, timezone

    from alembic import command

    from outreach.core.db.schema import alembic_config
    from outreach.core.models import Post

    command.downgrade(alembic_config(engine), "0007")
    seen = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    wrong_id, right_id = 1, 2
    with engine.begin() as connection:
        insert_as_of(connection, Blog, [
            {"id": wrong_id, "feed_url": "https://wrong.example/feed",
             "last_post_at": datetime(2096, 10, 20, tzinfo=timezone.utc)},
            {"id": right_id, "feed_url": "https://right.example/feed",
             "last_post_at": datetime(2026, 11, 2, tzinfo=timezone.utc)},
        ])
        insert_as_of(connection, Post, [
            {"blog_id": wrong_id, "key": "typo", "published_at": datetime(2096, 10, 20, tzinfo=timezone.utc),
             "first_seen_at": seen, "tags": []},
            {"blog_id": wrong_id, "key": "old", "published_at": datetime(2026, 9, 1, tzinfo=timezone.utc),
             "first_seen_at": seen, "tags": []},
            {"blog_id": right_id, "key": "fine", "published_at": datetime(2026, 11, 2, tzinfo=timezone.utc),
             "first_seen_at": seen, "tags": []},
        ])
    upgrade_schema(engine)
    with Session(engine) as session:
        dates = {post.key: post.published_at for post in session.exec(select(Post))}
        assert dates == {"typo": seen, "old": datetime(2026, 9, 1, tzinfo=timezone.utc),
                         "fine": datetime(2026, 11, 2, tzinfo=timezone.utc)}
        assert session.get(Blog, wrong_id).last_post_at == seen
        assert session.get(Blog, right_id).last_post_at == datetime(2026, 11, 2, tzinfo=timezone.utc)


def test_timestamps_read_back_aware_in_utc_whatever_wrote_them(engine):
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import text

    written = datetime(2026, 11, 1, 14, 34, 56, 123456, tzinfo=timezone(timedelta(hours=2)))
    with Session(engine) as session:
        blog = Blog(feed_url="https://example.com/feed", last_post_at=written)
        session.add(blog)
        session.commit()
        blog_id = blog.id
    with Session(engine) as session:
        read = session.exec(select(Blog.last_post_at).where(Blog.id == blog_id)).one()
    assert read == written and read.tzinfo == timezone.utc and read.hour == 12
    if engine.dialect.name != "sqlite":
        return
    # Text another tool (or SQLite's own CURRENT_TIMESTAMP) may have stored.
    for stored, expected in (
        ("2026-11-01 12:34:56", datetime(2026, 11, 1, 12, 34, 56, tzinfo=timezone.utc)),
        ("2026-11-01 12:34:56.5", datetime(2026, 11, 1, 12, 34, 56, 500000, tzinfo=timezone.utc)),
        ("2026-11-01T12:34:56Z", datetime(2026, 11, 1, 12, 34, 56, tzinfo=timezone.utc)),
        ("2026-11-01 14:34:56+02:00", datetime(2026, 11, 1, 12, 34, 56, tzinfo=timezone.utc)),
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=timezone.utc)),
    ):
        with Session(engine) as session:
            session.execute(text("UPDATE blog SET last_post_at = :stored WHERE id = :id"),
                            {"stored": stored, "id": blog_id})
            session.commit()
            read = session.exec(select(Blog.last_post_at).where(Blog.id == blog_id)).one()
        assert read == expected and read.tzinfo == timezone.utc, stored


def test_the_relationship_migration_gives_each_blogger_what_the_pipeline_earned(engine):
    from datetime import datetime, timezone

    from alembic import command

    from outreach.core.db.schema import alembic_config
    from outreach.core.models import Blogger, Campaign, PipelineEntry, Pitch, Reply, Stage

    command.downgrade(alembic_config(engine), "0011_index_generation")
    at = datetime(2026, 11, 2, tzinfo=timezone.utc)
    with engine.begin() as connection:
        insert_as_of(connection, Blogger, [
            {"id": 1, "name": "Untouched", "relationship_status": "new"},
            {"id": 2, "name": "Pitched", "relationship_status": "new"},
            {"id": 3, "name": "Replied", "relationship_status": "new"},
            {"id": 4, "name": "Chosen", "relationship_status": "advocate"},
            {"id": 5, "name": "Covered", "relationship_status": "new"},
        ])
        insert_as_of(connection, Campaign, [{"id": 1, "name": "Autumn", "brand_terms": []}])
        insert_as_of(connection, Stage, [{"id": 1, "campaign_id": 1, "name": "Pitched", "kind": "pitched"},
                                         {"id": 2, "campaign_id": 1, "name": "Covered", "kind": "covered"}])
        insert_as_of(connection, PipelineEntry, [
            {"id": blogger, "campaign_id": 1, "blogger_id": blogger, "stage_id": 2 if blogger == 5 else 1,
             "version": 1} for blogger in (2, 3, 4, 5)])
        insert_as_of(connection, Pitch, [{"entry_id": entry, "sent_at": at} for entry in (2, 3, 4)])
        insert_as_of(connection, Reply, [{"entry_id": 3, "received_at": at}])
    upgrade_schema(engine)
    with Session(engine) as session:
        found = {blogger.name: (blogger.relationship_status, blogger.relationship_set_by_hand)
                 for blogger in session.exec(select(Blogger))}
    assert found == {"Untouched": ("new", False), "Pitched": ("pitched", False), "Replied": ("replied", False),
                     "Chosen": ("advocate", True), "Covered": ("covered", False)}


def outbox_indexes(engine) -> dict[str, list[str]]:
    return {index["name"]: index["column_names"] for index in inspect(engine).get_indexes("outbox_message")}


def test_the_daily_limit_count_has_an_index_on_mailbox_and_sent_time(engine):
    from alembic import command

    from outreach.core.db.schema import alembic_config

    assert outbox_indexes(engine)["ix_outbox_message_mailbox_sent"] == ["mailbox_id", "sent_at"]
    assert "ix_outbox_message_mailbox_id" not in outbox_indexes(engine)  # the new index's prefix
    command.downgrade(alembic_config(engine), "0015_mailboxes")
    assert outbox_indexes(engine)["ix_outbox_message_mailbox_id"] == ["mailbox_id"]
    assert "ix_outbox_message_mailbox_sent" not in outbox_indexes(engine)
    upgrade_schema(engine)
    assert outbox_indexes(engine)["ix_outbox_message_mailbox_sent"] == ["mailbox_id", "sent_at"]


def test_the_daily_limit_count_reads_only_the_index_on_sqlite(engine):
    from datetime import datetime, timezone

    from sqlalchemy import event

    from outreach.core.mail.sequences import sent_today

    if engine.dialect.name != "sqlite":
        return
    issued = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        issued.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with Session(engine) as session:
            mailbox = Mailbox(id=1, time_zone="Europe/Berlin")
            assert sent_today(session, mailbox, datetime(2026, 12, 5, 15, tzinfo=timezone.utc)) == 0
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    [(statement, parameters)] = [(sql, params) for sql, params in issued if "outbox_message" in sql]
    with engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert "COVERING INDEX ix_outbox_message_mailbox_sent (mailbox_id=? AND sent_at>?)" in plan
