"""The migrations on both database clients: a database from before job_results (one
`<agent>_payload` column per agent in jobs) is moved forward by 001_v2_job_results.sql,
results and all, and ends with the same schema as a database created today."""

import shutil

import pytest

from aws_agent_framework.database import migrate, quote_identifier
from aws_agent_framework.database.postgres import PostgresDatabase
from aws_agent_framework.testing.postgres import throwaway_database
from database.models import AGENTS, MIGRATIONS

# What a database's schema is, for comparing two: columns, constraints, indexes, triggers.
SCHEMA_QUERIES = [
    "SELECT table_name, column_name, data_type, is_nullable, column_default "
    "FROM information_schema.columns WHERE table_schema = current_schema()",
    "SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def "
    "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()",
    "SELECT event_object_table, trigger_name, action_timing, event_manipulation, "
    "action_statement FROM information_schema.triggers "
    "WHERE trigger_schema = current_schema()",
]


def schema_of(db):
    return [
        sorted(tuple(str(value) for value in row.values()) for row in db.execute(query))
        for query in SCHEMA_QUERIES
    ]


@pytest.fixture
def old_db(db, tmp_path):
    """A database as projects generated before job_results have it: 001_schema.sql
    applied, with a result column per agent in jobs."""
    shutil.copy(MIGRATIONS / "001_schema.sql", tmp_path / "001_schema.sql")
    migrate(db, tmp_path)
    for agent in AGENTS:
        db.execute(f"ALTER TABLE jobs ADD COLUMN {quote_identifier(f'{agent}_payload')} JSONB")
    db.execute("INSERT INTO users (user_id) VALUES ('u1')")
    return db


def add_job(db, status, payloads, completed=False):
    columns = "".join(f", {quote_identifier(f'{agent}_payload')}" for agent in payloads)
    values = "".join(f", :p{i}" for i in range(len(payloads)))
    done = "now() - interval '1 hour'" if completed else "NULL"
    return db.execute(
        f"INSERT INTO jobs (user_id, status, started_at, completed_at{columns}) "  # noqa: S608 - test data
        f"VALUES ('u1', :status, now() - interval '2 hours', {done}{values}) "
        "RETURNING id, completed_at",
        {"status": status, **{f"p{i}": p for i, p in enumerate(payloads.values())}},
    )[0]


def test_results_in_payload_columns_move_to_job_results(old_db, postgres_server_url):
    everyone = {agent: {"summary": f"{agent} wrote", "n": i} for i, agent in enumerate(AGENTS)}
    completed = add_job(old_db, "completed", everyone, completed=True)
    running = add_job(old_db, "running", {AGENTS[-1]: {"summary": "halfway"}})
    pending = add_job(old_db, "pending", {})

    applied = migrate(old_db, MIGRATIONS)

    assert applied[0] == "001_v2_job_results"
    assert migrate(old_db, MIGRATIONS) == []
    columns = old_db.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'jobs' "
        "AND column_name LIKE '%payload'"
    )
    assert [row["column_name"] for row in columns] == ["request_payload"]
    rows = old_db.execute(
        "SELECT job_id, agent, status, payload, finished_at, error FROM job_results "
        "ORDER BY job_id, agent"
    )
    moved = {(row["job_id"], row["agent"]): row for row in rows}
    assert set(moved) == {(completed["id"], agent) for agent in AGENTS} | {
        (running["id"], AGENTS[-1])
    }
    for agent in AGENTS:
        row = moved[(completed["id"], agent)]
        assert (row["status"], row["payload"], row["error"]) == ("completed", everyone[agent], None)
        assert row["finished_at"] == completed["completed_at"]
    halfway = moved[(running["id"], AGENTS[-1])]
    assert halfway["payload"] == {"summary": "halfway"} and halfway["finished_at"] is not None
    assert not any(job_id == pending["id"] for job_id, _ in moved)

    # Moved forward, the database is the same as one created today.
    with throwaway_database(postgres_server_url) as url:
        fresh = PostgresDatabase(url)
        try:
            migrate(fresh, MIGRATIONS)
            assert schema_of(old_db) == schema_of(fresh)
        finally:
            fresh.close()


def test_on_a_new_database_the_forward_migration_only_creates_job_results(db):
    migrate(db, MIGRATIONS)
    tables = db.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name IN ('jobs', 'job_results')"
    )
    assert sorted(row["table_name"] for row in tables) == ["job_results", "jobs"]
    assert db.execute("SELECT count(*) AS n FROM job_results") == [{"n": 0}]
