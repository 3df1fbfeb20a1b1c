"""The Lambda handler every agent shares.

- SQS events (the orchestrator's queue): each record names a job; records are processed
  with Powertools' batch processor, so one bad record is reported back as a batch item
  failure (ReportBatchItemFailures) while the others succeed; a record that can never
  succeed (not a job message, no such job) goes to the dead-letter queue after
  maxReceiveCount deliveries. A job runs only if it can be claimed (pending → running):
  a redelivered message finds it done, or running under a live run's lease, and does
  nothing. A job left running by a run that died (out of memory, killed at the Lambda
  timeout) is reclaimed once its lease is over and run again, up to
  JOB_MAX_ATTEMPTS runs, then failed with a message saying so (see jobs.py).
- The sweep ``{"action": "sweep"}`` (the orchestrator, every few minutes on an
  EventBridge Scheduler schedule): the safety net for abandoned jobs whose message is
  gone (moved to the dead-letter queue, or lost). Each running job whose lease ran out
  more than JOB_SWEEP_AFTER_SECONDS ago is queued again if it has attempts left (the
  conditional claim makes a second message harmless), else failed.
- Direct invocations ``{"job_id": …, "task": …}`` (a worker called by the orchestrator):
  the worker runs on the job while it is running, records its run in its own row of
  ``job_results`` (running, then completed with its result or failed with a safe error)
  and returns ``{"agent": …, "result": …}``.

The orchestrator's run is its row of ``job_results`` too: started when it claims the
job, completed together with the job (or failed with it).

The online judge: when EVAL_SAMPLE_RATE is above 0, that fraction of completed jobs is
scored by the judge model EVAL_JUDGE_MODEL against the orchestrator's rubric (its
QUALITY_RUBRIC), from 0 to 1 with a reason, after the job completed. The score is stored
with the job, sent as the metric QualityScore (8_enterprise alarms when its average
falls) and, with tracing on, as the LangFuse score `quality` on the job's trace. A judge
that fails or answers badly is logged and counted (JudgeFailures); the job stays done.

Every run's tool calls are recorded for the job's timeline (`job.hooks`, see
timeline.py), and its model is metered (see usage.py): what it used — requests, tokens,
estimated cost — is stored with its row, finished or failed, and sent as CloudWatch
metrics.

A run gets a time budget a little below the Lambda timeout, so a slow job is recorded as
failed instead of being killed mid-way. Errors are stored as short safe messages; the
full detail goes to the logs only.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from agents import RunHooks
from agents.models.interface import Model
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from pydantic import BaseModel, ValidationError

from aws_agent_framework.agents.guardrails import refusal_of
from aws_agent_framework.agents.invoker import (
    AgentInvoker,
    AgentUnavailableError,
    InProcessTransport,
    LambdaTransport,
    call_deadline,
    find_agent_call_error,
)
from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.agents.models import model_for, resolve_model
from aws_agent_framework.agents.timeline import ToolCallRecorder
from aws_agent_framework.agents.usage import MeteredModel, RunUsage
from aws_agent_framework.database import Database, connect
from aws_agent_framework.observability import (
    configure_tracing,
    count,
    flush,
    job_trace,
    logger,
    record_quality,
    record_usage,
    send_quality_score,
)
from aws_agent_framework.settings import Settings, get_settings
from aws_agent_framework.snapstart import register_snapstart_hooks


class JobMessage(BaseModel):
    """The body of a job message on the queue."""

    job_id: uuid.UUID


class AgentRequest(JobMessage):
    """A direct invocation: which job, and what the caller asks this agent to do."""

    task: str = ""


@dataclass
class JobContext:
    """What an agent run gets (and its tools, as ``ctx.context``)."""

    job_id: uuid.UUID
    agent_name: str
    task: str
    request: dict[str, Any]
    db: Database
    invoker: AgentInvoker
    model: Model
    settings: Settings
    extras: dict[str, Any] = field(default_factory=dict)
    # What this run's model calls used so far (the handler meters `model`).
    usage: RunUsage = field(default_factory=lambda: RunUsage(model=""))
    # Run hooks for Runner.run(..., hooks=job.hooks): they record the run's tool calls
    # for the job's timeline (see timeline.py).
    hooks: RunHooks[Any] | None = None


Run = Callable[[JobContext], Awaitable[Any]]


def to_payload(result: Any) -> Any:
    """An agent's result as JSON-ready data for its row's payload."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    return json.loads(json.dumps(result, default=str))


class JobNotFoundError(LookupError):
    pass


# Longest the online judge may take over one job (it also stays within the Lambda's time).
JUDGE_SECONDS = 60.0


class JobQueue(Protocol):
    def send(self, job_id: uuid.UUID) -> None: ...


class AgentHandler:
    """``handler = AgentHandler("researcher", run)`` in an agent's lambda_handler.py.

    `run(job)` does the agent's work and returns its result (a pydantic model or JSON
    data); `rubric` (the orchestrator's) is what the online judge scores jobs against.
    The database, invoker and settings are created on first use unless given (tests
    give them). Creating one registers the SnapStart runtime hooks (see
    aws_agent_framework.snapstart), so every agent's Lambda has them.
    """

    def __init__(
        self,
        name: str,
        run: Run,
        *,
        role: Literal["orchestrator", "worker"] = "worker",
        rubric: str = "",
        settings: Settings | None = None,
        db: Database | None = None,
        invoker: AgentInvoker | None = None,
        queue: JobQueue | None = None,
    ) -> None:
        self.name = name
        self.role = role
        self.rubric = rubric
        self._run = run
        self._settings = settings
        self._db = db
        self._invoker = invoker
        self._queue = queue
        # Here rather than in each agent's lambda_handler.py, so no agent can miss them.
        register_snapstart_hooks()

    def configure(
        self,
        *,
        settings: Settings | None = None,
        db: Database | None = None,
        invoker: AgentInvoker | None = None,
        queue: JobQueue | None = None,
    ) -> None:
        """Sets what the handler uses (tests, local runtimes); None means "create it from
        the settings on first use", as on Lambda."""
        self._settings, self._db, self._invoker = settings, db, invoker
        self._queue = queue

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = get_settings()
        return self._settings

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = connect(self.settings)
        return self._db

    @property
    def invoker(self) -> AgentInvoker:
        if self._invoker is None:
            if self.settings.local_mode:
                self._invoker = AgentInvoker(InProcessTransport())
            else:
                prefix = self.settings.agent_function_prefix or f"{self.settings.app_name}-"
                transport = LambdaTransport(
                    prefix,
                    region=self.settings.region,
                    qualifier=self.settings.agent_function_qualifier,
                )
                self._invoker = AgentInvoker(transport)
        return self._invoker

    @property
    def queue(self) -> JobQueue:
        """Where the sweep queues abandoned jobs again: the job queue."""
        if self._queue is None:
            from aws_agent_framework.local.queue import LocalJobQueue, SqsJobQueue

            if self.settings.job_queue_url:
                self._queue = SqsJobQueue(self.settings.job_queue_url, region=self.settings.region)
            else:
                self._queue = LocalJobQueue(self.name, self)
        return self._queue

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        configure_tracing(self.settings)
        logger.thread_safe_append_keys(agent=self.name)
        try:
            if event.get("action") == "sweep" and self.role == "orchestrator":
                return self.sweep()
            if "Records" in event:
                processor = BatchProcessor(event_type=EventType.SQS)
                return process_partial_response(
                    event=event,
                    record_handler=lambda record: self._process_record(record, context),
                    processor=processor,
                    context=context,
                )
            return self._answer(AgentRequest.model_validate(event), context)
        finally:
            flush()

    def _process_record(self, record: Any, context: Any) -> None:
        try:
            message = JobMessage.model_validate_json(record.body)
        except ValidationError as error:
            # Reported as a batch item failure: after maxReceiveCount it lands in the DLQ.
            raise ValueError(f"message {record.message_id} is not a job message") from error
        self.run_job(message.job_id, context)

    def run_job(self, job_id: uuid.UUID, context: Any) -> None:
        """Claims the job and runs it to completed or failed; no-op if it is done or a
        live run holds it. An abandoned run's job is run again or, out of attempts, failed."""
        store = JobStore(self.db)
        max_attempts = self.settings.job_max_attempts
        logger.thread_safe_append_keys(job_id=str(job_id))
        # The run cannot outlive this Lambda invocation: that is its lease.
        lease = (
            context.get_remaining_time_in_millis() / 1000 + self.settings.job_lease_grace_seconds
        )
        job = store.claim(job_id, lease, max_attempts)
        if job is None:
            if store.fail_abandoned(job_id, max_attempts, agent=self.name):
                logger.error("Job abandoned by its last run: failed")
                count("JobsFailed")
                count("JobsAbandoned")
                return
            existing = store.get(job_id)
            if existing is None:
                raise JobNotFoundError(f"job {job_id} does not exist")
            logger.info("Job already %s: duplicate delivery ignored", existing["status"])
            return
        attempt = job["attempts"]
        if attempt > 1:
            logger.warning("Job's previous run did not finish: running it again")
            count("JobsReclaimed")
        budget = self.budget_seconds(context)
        store.start_agent(job_id, self.name)
        usage = self._usage()
        completed: Any = None
        try:
            result = self._run_with_budget(self._context(job, "", usage), budget)
            payload = to_payload(result)
            if store.complete(job_id, self.name, payload, attempt, usage):
                completed = payload
            logger.info("Job completed")
            count("JobsCompleted")
        except Exception as error:
            logger.exception("Job failed")
            count("JobsFailed")
            message = self._job_failure(store, job_id, error, budget, context.aws_request_id)
            store.fail(job_id, message, attempt, agent=self.name, usage=usage)
        finally:
            record_usage(usage)
        if completed is not None:
            self.judge(store, job, completed, context)

    def _job_failure(
        self, store: JobStore, job_id: uuid.UUID, error: Exception, budget: float, request_id: str
    ) -> str:
        """The failed job's message: a worker that failed stored its own, saying why (a
        refusal, the guardrail), which the job repeats; else this run's safe message."""
        failed_call = find_agent_call_error(error)
        if failed_call is not None and not isinstance(failed_call, AgentUnavailableError):
            for row in store.results(job_id):
                if row["agent"] == failed_call.agent and row["error"]:
                    return str(row["error"])
        return self.safe_message(error, budget, request_id)

    def judge(self, store: JobStore, job: dict[str, Any], output: Any, context: Any) -> None:
        """The online judge: scores a sampled fraction of completed jobs (see above)."""
        settings = self.settings
        if not (self.rubric and settings.eval_judge_model and settings.eval_sample_rate > 0):
            return
        # Sampling, not security: any uniform draw will do.
        if random.random() >= settings.eval_sample_rate:  # noqa: S311
            return
        from aws_agent_framework.evals import score

        model = resolve_model(
            settings.eval_judge_model,
            agent_name="judge",
            region=settings.bedrock_region or settings.region,
        )
        seconds = min(JUDGE_SECONDS, self.budget_seconds(context))
        request = job.get("request_payload") or {}
        try:
            verdict = asyncio.run(
                asyncio.wait_for(score(model, self.rubric, request, output), timeout=seconds)
            )
        except Exception:
            logger.warning("The online judge gave no valid verdict", exc_info=True)
            count("JudgeFailures")
            return
        store.record_quality(job["id"], verdict.score, verdict.reason, settings.eval_judge_model)
        record_quality(verdict.score)
        send_quality_score(job["id"], verdict.score, verdict.reason, settings.eval_judge_model)
        logger.info("Job scored by the online judge", extra={"quality_score": verdict.score})

    def sweep(self) -> dict[str, list[str]]:
        """Queues abandoned running jobs again, or fails those out of attempts."""
        store = JobStore(self.db)
        max_attempts = self.settings.job_max_attempts
        requeued: list[str] = []
        failed: list[str] = []
        for job in store.abandoned(self.settings.job_sweep_after_seconds):
            if job["attempts"] >= max_attempts:
                if store.fail_abandoned(job["id"], max_attempts, agent=self.name):
                    failed.append(str(job["id"]))
            else:
                self.queue.send(job["id"])
                requeued.append(str(job["id"]))
        if requeued or failed:
            logger.warning(
                "Sweep: abandoned jobs found", extra={"requeued": requeued, "failed": failed}
            )
            count("JobsFailed", len(failed))
            count("JobsAbandoned", len(failed))
        return {"requeued": requeued, "failed": failed}

    def _answer(self, request: AgentRequest, context: Any) -> dict[str, Any]:
        store = JobStore(self.db)
        logger.thread_safe_append_keys(job_id=str(request.job_id))
        job = store.get(request.job_id)
        if job is None or not store.start_agent(request.job_id, self.name):
            state = "does not exist" if job is None else f"is {job['status']}"
            raise RuntimeError(
                f"job {request.job_id} {state}; {self.name} runs only on running jobs"
            )
        budget = self.budget_seconds(context)
        usage = self._usage()
        try:
            result = self._run_with_budget(self._context(job, request.task, usage), budget)
        except Exception as error:
            logger.exception("Agent run failed")
            store.fail_agent(
                request.job_id,
                self.name,
                self.safe_message(error, budget, context.aws_request_id),
                usage,
            )
            raise
        finally:
            record_usage(usage)
        payload = to_payload(result)
        store.save_result(request.job_id, self.name, payload, usage)
        return {"agent": self.name, "result": payload}

    def _usage(self) -> RunUsage:
        """An empty meter for one run, named for the MODEL it runs on."""
        return RunUsage(model=self.settings.model or "offline")

    def _context(self, job: dict[str, Any], task: str, usage: RunUsage) -> JobContext:
        request = job.get("request_payload") or {}
        model = model_for(self.settings, self.name)
        return JobContext(
            job_id=job["id"],
            agent_name=self.name,
            task=task or json.dumps(request),
            request=request,
            db=self.db,
            invoker=self.invoker,
            model=MeteredModel(model, usage),
            settings=self.settings,
            usage=usage,
            hooks=ToolCallRecorder(JobStore(self.db), job["id"], self.name),
        )

    def _run_with_budget(self, job: JobContext, budget: float) -> Any:
        async def run() -> Any:
            with call_deadline(budget):
                return await asyncio.wait_for(self._run(job), timeout=budget)

        with job_trace(job.job_id, self.name):
            return asyncio.run(run())

    def budget_seconds(self, context: Any) -> float:
        """Seconds this run may take: the Lambda time left minus the margin."""
        remaining = context.get_remaining_time_in_millis() / 1000
        return max(1.0, remaining - self.settings.time_budget_margin_seconds)

    def safe_message(self, error: Exception, budget: float, request_id: str) -> str:
        """What the user may see about a failure (never a stack trace or SQL); the request
        id finds the full story in the logs."""
        if isinstance(error, TimeoutError):
            return f"The job took longer than its time budget ({budget:.0f} s) and was stopped."
        refusal = refusal_of(error, self.name)
        if refusal is not None:
            return refusal
        failed_call = find_agent_call_error(error)
        if isinstance(failed_call, AgentUnavailableError):
            return (
                f"{failed_call} (the account's Lambda concurrency was exhausted or the "
                f"service was unavailable); please try again later (request id {request_id})."
            )
        agent = failed_call.agent if failed_call else self.name
        return f"The {agent} agent failed while working on this job (request id {request_id})."
