"""The same behaviour from both database clients: psycopg on Postgres and the Data API
client (through the emulator, on the same Postgres). Every test runs once per client."""

import datetime as dt
import time
import uuid
from decimal import Decimal

import psycopg
import pytest
from pydantic import BaseModel

from aws_agent_framework.database import Table, migrate, pending_migrations
from aws_agent_framework.testing.fixtures import client_on


class Note(BaseModel):
    id: uuid.UUID
    owner: str
    body: str | None
    data: dict | list | None
    amount: Decimal | None
    due: dt.date | None
    created_at: dt.datetime
    tags: list[str]


class Notes(Table[Note]):
    name = "notes"
    row = Note


def test_migrations_apply_in_order_and_rerunning_changes_nothing(db, migrations_dir):
    assert [p.name for p in pending_migrations(db, migrations_dir)] == [
        "001_notes.sql",
        "002_tags.sql",
    ]
    assert migrate(db, migrations_dir) == ["001_notes", "002_tags"]
    assert migrate(db, migrations_dir) == []
    assert pending_migrations(db, migrations_dir) == []
    columns = db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = :t",
        {"t": "notes"},
    )
    assert {"tags", "data", "due"} <= {row["column_name"] for row in columns}


def test_a_failing_migration_leaves_no_trace(db, tmp_path):
    (tmp_path / "001_ok.sql").write_text("CREATE TABLE a (x int);")
    (tmp_path / "002_bad.sql").write_text("CREATE TABLE b (x int); SELECT * FROM missing;")
    with pytest.raises(Exception, match="missing"):
        migrate(db, tmp_path)
    assert [p.name for p in pending_migrations(db, tmp_path)] == ["002_bad.sql"]
    tables = db.execute("SELECT tablename FROM pg_tables WHERE tablename IN ('a', 'b')")
    assert [row["tablename"] for row in tables] == ["a"]


# A forward migration in the style of the app's 001_v2_job_results.sql: a DO block whose
# body holds semicolons, quotes, `%` and `:=`.
DO_BLOCK = """
CREATE TABLE moved (id int PRIMARY KEY, value text);

DO $$
DECLARE
    old RECORD;
    copied int := 0;
BEGIN
    FOR old IN
        SELECT column_name::text AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'legacy'
          AND column_name LIKE '%\\_old' ESCAPE '\\'
    LOOP
        EXECUTE format('INSERT INTO moved SELECT id, %I FROM legacy; ', old.name);
        EXECUTE format('ALTER TABLE legacy DROP COLUMN %I', old.name);
        copied := copied + 1;
    END LOOP;
END
$$;

-- done
"""


def test_a_do_block_is_one_statement():
    from aws_agent_framework.database.migrations import split_statements

    statements = split_statements(DO_BLOCK)
    assert len(statements) == 2
    assert statements[1].startswith("DO $$") and statements[1].endswith("$$;")


def test_a_do_block_migration_runs_through_either_client(db, tmp_path):
    db.execute("CREATE TABLE legacy (id int PRIMARY KEY, a_old text, b text)")
    db.execute("INSERT INTO legacy VALUES (1, 'one', 'kept')")
    (tmp_path / "001_move.sql").write_text(DO_BLOCK)
    assert migrate(db, tmp_path) == ["001_move"]
    assert db.execute("SELECT id, value FROM moved") == [{"id": 1, "value": "one"}]
    assert db.execute("SELECT * FROM legacy") == [{"id": 1, "b": "kept"}]


def test_migrated_db_starts_migrated_and_empty_in_every_test(migrated_db, migrations_dir):
    # A copy of the session's migrated template: nothing left to apply, and no row that
    # another run of this test wrote.
    assert pending_migrations(migrated_db, migrations_dir) == []
    notes = Notes(migrated_db)
    assert notes.list() == []
    notes.create({"owner": "u1", "body": "left behind?"})
    assert len(notes.list()) == 1


def test_values_round_trip_with_their_types(migrated_db):
    notes = Notes(migrated_db)
    created = notes.create(
        {
            "owner": "u1",
            "body": '{"looks": "like json"}',
            "data": {"nested": [1, 2, {"k": "v"}]},
            "amount": Decimal("12.50"),
            "due": dt.date(2026, 1, 2),
            "tags": ["a", "b"],
        }
    )
    found = notes.find(created.id)
    assert found == created
    assert found.body == '{"looks": "like json"}'  # TEXT stays text
    assert found.data == {"nested": [1, 2, {"k": "v"}]}
    assert found.amount == Decimal("12.50")
    assert found.created_at.tzinfo is not None
    raw = migrated_db.execute("SELECT id, body FROM notes WHERE id = :id", {"id": created.id})
    assert raw == [{"id": created.id, "body": '{"looks": "like json"}'}]


def test_update_delete_and_missing_rows(migrated_db):
    notes = Notes(migrated_db)
    note = notes.create({"owner": "u1"})
    assert note.body == ""  # set by the trigger whose body holds a semicolon
    assert notes.update(note.id, {"body": "edited", "tags": ["x"]}).body == "edited"
    assert notes.find(note.id).tags == ["x"]
    assert notes.delete(note.id) is True
    assert notes.delete(note.id) is False
    assert notes.find(note.id) is None
    assert notes.update(uuid.uuid4(), {"body": "x"}) is None


def test_list_pages_newest_first_with_filters(migrated_db):
    notes = Notes(migrated_db)
    for index in range(5):
        notes.create({"owner": "u1", "body": f"n{index}", "due": dt.date(2026, 1, index + 1)})
    notes.create({"owner": "u2", "body": "other"})
    first = notes.list(where={"owner": "u1"}, order_by="due", limit=2)
    second = notes.list(where={"owner": "u1"}, order_by="due", limit=2, offset=2)
    assert [n.body for n in first + second] == ["n4", "n3", "n2", "n1"]
    assert [n.body for n in notes.list(where={"owner": "u2"})] == ["other"]
    with pytest.raises(ValueError, match="limit"):
        notes.list(limit=0)


@pytest.mark.parametrize(
    "column",
    ['body" = body; DROP TABLE notes; --', "owner)", "missing_column", "1body"],
)
def test_column_names_outside_the_schema_are_refused(migrated_db, column):
    notes = Notes(migrated_db)
    with pytest.raises(ValueError, match="no column"):
        notes.create({column: "x"})
    with pytest.raises(ValueError, match="no column"):
        notes.list(where={column: "x"})
    with pytest.raises(ValueError, match="no column"):
        notes.list(order_by=column)
    assert migrated_db.execute("SELECT count(*) AS n FROM notes") == [{"n": 0}]


def test_values_that_look_like_sql_are_stored_as_text(migrated_db):
    hostile = "x'; DROP TABLE notes; -- :owner %s %(owner)s"
    note = Notes(migrated_db).create({"owner": hostile, "body": hostile})
    assert Notes(migrated_db).find(note.id).owner == hostile


def test_transactions_commit_or_roll_back_as_a_whole(migrated_db):
    with migrated_db.transaction():
        Notes(migrated_db).create({"owner": "kept"})
    with pytest.raises(RuntimeError), migrated_db.transaction():
        Notes(migrated_db).create({"owner": "dropped"})
        raise RuntimeError("boom")
    owners = [n.owner for n in Notes(migrated_db).list()]
    assert owners == ["kept"]


def test_execute_many_inserts_every_row(migrated_db):
    count = migrated_db.execute_many(
        "INSERT INTO notes (owner, data) VALUES (:owner, :data)",
        [{"owner": f"u{i}", "data": {"i": i}} for i in range(7)],
    )
    assert count == 7
    rows = migrated_db.execute("SELECT owner, data FROM notes ORDER BY owner")
    assert rows[0] == {"owner": "u0", "data": {"i": 0}}
    assert len(rows) == 7


@pytest.mark.parametrize("kind", ["postgres", "data_api"])
def test_a_closed_client_leaves_no_connection_open(kind, database_url):
    """Closing a client closes every connection it opened (a transaction's too), so a
    long-running process or test session never piles them up."""
    with client_on(kind, database_url) as client:
        client.execute("SELECT 1")
        with client.transaction():
            client.execute("SELECT 2")

    others = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(database_url, autocommit=True) as watcher:
        deadline = time.monotonic() + 5  # a backend ends just after its client hangs up
        while (open_ := watcher.execute(others).fetchone()[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert open_ == 0
