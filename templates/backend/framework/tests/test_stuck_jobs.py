"""Jobs left `running` by a run that died (out of memory, killed at the Lambda timeout)
are reclaimed: by the redelivered SQS message once the run's lease is over (retried once,
then failed with a clear message), and by the sweep when the message is gone. A job under
a live run's lease is still a duplicate."""

from pathlib import Path

import pytest

from aws_agent_framework.agents import AgentHandler, AgentInvoker, InProcessTransport, JobStore
from aws_agent_framework.agents.jobs import abandoned_message
from aws_agent_framework.database import migrate
from aws_agent_framework.local import LambdaContext, sqs_event, sqs_record
from aws_agent_framework.settings import Settings

MIGRATIONS = Path(__file__).parent / "jobs_migrations"


class Killed(BaseException):
    """The Lambda runtime dying mid-run: nothing in the handler gets to record it."""


class FakeQueue:
    def __init__(self):
        self.sent = []

    def send(self, job_id):
        self.sent.append(job_id)


@pytest.fixture
def jobs_db(db):
    migrate(db, MIGRATIONS)
    return db


def new_job(db):
    return db.execute(
        "INSERT INTO jobs (request_payload) VALUES (:request) RETURNING id",
        {"request": {"question": "q"}},
    )[0]["id"]


def lease_ran_out(db, job_id, seconds_ago=1):
    """Time passes: the dead run's Lambda deadline (its lease) is `seconds_ago` behind us."""
    db.execute(
        "UPDATE jobs SET lease_until = now() - make_interval(secs => :ago), "
        "started_at = now() - interval '20 minutes' WHERE id = :id",
        {"id": job_id, "ago": float(seconds_ago)},
    )


class Boss:
    """An orchestrator whose first `crashes` runs die mid-way."""

    def __init__(self, db, crashes=1, **settings):
        self.runs = 0
        self.crashes = crashes
        self.queue = FakeQueue()
        self.handler = AgentHandler(
            "boss",
            self.run,
            role="orchestrator",
            settings=Settings(time_budget_margin_seconds=1, **settings),
            db=db,
            invoker=AgentInvoker(InProcessTransport({})),
            queue=self.queue,
        )

    async def run(self, job):
        self.runs += 1
        if self.runs <= self.crashes:
            raise Killed
        return {"summary": f"run {self.runs}"}

    def deliver(self, job_id, receive_count=1):
        event = sqs_event(sqs_record({"job_id": str(job_id)}, receive_count=receive_count))
        return self.handler(event, LambdaContext())

    def deliver_and_die(self, job_id, receive_count=1):
        with pytest.raises(Killed):
            self.deliver(job_id, receive_count)


def test_a_killed_run_is_reclaimed_by_the_redelivered_message_and_completes(jobs_db):
    boss = Boss(jobs_db, crashes=1)
    job_id = new_job(jobs_db)
    boss.deliver_and_die(job_id)
    store = JobStore(jobs_db)
    assert store.get(job_id)["status"] == "running"
    lease_ran_out(jobs_db, job_id)

    assert boss.deliver(job_id, receive_count=2) == {"batchItemFailures": []}

    job = store.get(job_id)
    assert (job["status"], job["attempts"], boss.runs) == ("completed", 2, 2)
    [row] = store.results(job_id)
    assert (row["agent"], row["status"], row["payload"]) == (
        "boss",
        "completed",
        {"summary": "run 2"},
    )
    assert row["started_at"] >= job["started_at"]  # the second run started the row over
    assert job["error_message"] is None and job["lease_until"] is None


def test_a_job_whose_runs_keep_dying_is_failed_with_a_clear_message(jobs_db):
    boss = Boss(jobs_db, crashes=5)
    job_id = new_job(jobs_db)
    boss.deliver_and_die(job_id)
    lease_ran_out(jobs_db, job_id)
    boss.deliver_and_die(job_id, receive_count=2)
    lease_ran_out(jobs_db, job_id)

    # The third delivery runs nothing: two runs were the limit.
    assert boss.deliver(job_id, receive_count=3) == {"batchItemFailures": []}

    job = JobStore(jobs_db).get(job_id)
    assert (job["status"], job["attempts"], boss.runs) == ("failed", 2, 2)
    assert job["error_message"] == (
        "The previous attempt did not finish (timed out or crashed); gave up after 2 attempts."
    )
    [row] = JobStore(jobs_db).results(job_id)
    assert (row["agent"], row["status"], row["error"]) == ("boss", "failed", job["error_message"])
    assert boss.deliver(job_id, receive_count=4) == {"batchItemFailures": []}
    assert boss.runs == 2


def test_a_job_under_a_live_runs_lease_is_still_a_duplicate(jobs_db):
    boss = Boss(jobs_db, crashes=1)
    job_id = new_job(jobs_db)
    boss.deliver_and_die(job_id)  # its lease runs to this invocation's deadline + grace

    assert boss.deliver(job_id, receive_count=2) == {"batchItemFailures": []}

    job = JobStore(jobs_db).get(job_id)
    assert (job["status"], job["attempts"], boss.runs) == ("running", 1, 1)
    assert boss.handler.sweep() == {"requeued": [], "failed": []}


def test_the_lease_is_the_lambda_deadline_plus_grace(jobs_db):
    boss = Boss(jobs_db, crashes=1, job_lease_grace_seconds=30)
    job_id = new_job(jobs_db)
    event = sqs_event(sqs_record({"job_id": str(job_id)}))
    with pytest.raises(Killed):
        boss.handler(event, LambdaContext(timeout_seconds=60))
    lease = jobs_db.execute(
        "SELECT EXTRACT(EPOCH FROM lease_until - started_at) AS seconds FROM jobs WHERE id = :id",
        {"id": job_id},
    )[0]["seconds"]
    assert 85 <= float(lease) <= 90


def test_a_late_result_of_a_replaced_run_is_not_stored(jobs_db):
    store = JobStore(jobs_db)
    job_id = new_job(jobs_db)
    first = store.claim(job_id, lease_seconds=60)
    assert store.claim(job_id, lease_seconds=60) is None  # live lease: no second run
    lease_ran_out(jobs_db, job_id)
    second = store.claim(job_id, lease_seconds=60)
    assert (first["attempts"], second["attempts"]) == (1, 2)
    assert store.complete(job_id, "boss", {"stale": True}, attempt=1) is False
    assert store.fail(job_id, "stale failure", attempt=1) is False
    assert store.complete(job_id, "boss", {"fresh": True}, attempt=2) is True
    assert [(row["agent"], row["payload"]) for row in store.results(job_id)] == [
        ("boss", {"fresh": True})
    ]


def test_the_sweep_requeues_or_fails_abandoned_jobs_and_leaves_the_rest(jobs_db):
    boss = Boss(jobs_db, crashes=2, job_sweep_after_seconds=120)
    store = JobStore(jobs_db)
    once = new_job(jobs_db)  # died once, its message is gone: queued again
    boss.deliver_and_die(once)
    lease_ran_out(jobs_db, once, seconds_ago=600)
    twice = new_job(jobs_db)  # died twice: failed
    boss.deliver_and_die(twice)
    lease_ran_out(jobs_db, twice, seconds_ago=600)
    store.claim(twice)
    lease_ran_out(jobs_db, twice, seconds_ago=600)
    recent = new_job(jobs_db)  # lease just ran out: SQS redelivery comes first
    store.claim(recent)
    lease_ran_out(jobs_db, recent, seconds_ago=10)
    live = new_job(jobs_db)  # a live run
    store.claim(live)
    pending = new_job(jobs_db)

    result = boss.handler({"action": "sweep"}, LambdaContext())

    assert result == {"requeued": [str(once)], "failed": [str(twice)]}
    assert boss.queue.sent == [once]
    assert store.get(twice)["error_message"] == abandoned_message(2)
    assert [row["status"] for row in store.results(twice)] == ["failed"]
    assert [store.get(job)["status"] for job in (recent, live, pending)] == [
        "running",
        "running",
        "pending",
    ]
    # The queued message reclaims the job; a second sweep finds nothing more.
    assert boss.deliver(once) == {"batchItemFailures": []}
    assert store.get(once)["status"] == "completed"
    assert boss.handler({"action": "sweep"}, LambdaContext()) == {"requeued": [], "failed": []}


def test_only_the_orchestrator_sweeps(jobs_db):
    worker = AgentHandler(
        "helper", Boss(jobs_db).run, settings=Settings(), db=jobs_db, queue=FakeQueue()
    )
    with pytest.raises(ValueError, match="job_id"):
        worker({"action": "sweep"}, LambdaContext())


def test_on_aws_the_sweep_queues_jobs_on_the_job_queue(jobs_db, aws):
    import json

    import boto3

    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="app-jobs")["QueueUrl"]
    boss = AgentHandler(
        "boss",
        Boss(jobs_db).run,
        role="orchestrator",
        settings=Settings(job_queue_url=url, job_sweep_after_seconds=0),
        db=jobs_db,
    )
    job_id = new_job(jobs_db)
    JobStore(jobs_db).claim(job_id)
    lease_ran_out(jobs_db, job_id)

    assert boss({"action": "sweep"}, LambdaContext()) == {"requeued": [str(job_id)], "failed": []}

    messages = sqs.receive_message(QueueUrl=url)["Messages"]
    assert [json.loads(m["Body"]) for m in messages] == [{"job_id": str(job_id)}]
