"""The job queue: SQS on AWS, an in-process queue locally that hands each job to the
orchestrator's own Lambda handler in an SQS event of the shape Lambda delivers."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from aws_agent_framework.events import LambdaContext, sqs_event, sqs_record
from aws_agent_framework.observability import logger
from aws_agent_framework.settings import Settings

if TYPE_CHECKING:
    from aws_agent_framework.agents.invoker import Handler


class QueueUnavailable(RuntimeError):
    """The job could not be queued: SQS refused it or could not be reached (after the
    client's own retries)."""


class JobQueue(Protocol):
    def send(self, job_id: uuid.UUID) -> None:
        """Queues the job for the orchestrator."""
        ...


class SqsJobQueue:
    """Sends ``{"job_id": …}`` to the queue at JOB_QUEUE_URL."""

    def __init__(self, queue_url: str, client: Any = None, region: str | None = None) -> None:
        client = client or boto3.client("sqs", region_name=region)
        self._client = client
        self._url = queue_url

    def send(self, job_id: uuid.UUID) -> None:
        try:
            self._client.send_message(
                QueueUrl=self._url, MessageBody=json.dumps({"job_id": str(job_id)})
            )
        except (BotoCoreError, ClientError) as error:
            raise QueueUnavailable(f"job {job_id} was not queued: {error}") from error


class LocalJobQueue:
    """Runs each queued job through the orchestrator's handler on a background thread."""

    def __init__(self, orchestrator: str, handler: Handler | None = None, workers: int = 2) -> None:
        self._orchestrator = orchestrator
        self._handler = handler
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="local-queue")
        self._pending: list[Future[Any]] = []

    def send(self, job_id: uuid.UUID) -> None:
        # Imported here, not at the top: the API imports this module, and on Lambda (SQS)
        # it never runs an agent, so its cold start need not import the Agents SDK
        # (measured: ~70 % of the API's import time).
        from aws_agent_framework.agents.invoker import InProcessTransport

        handler = self._handler or InProcessTransport().handler(self._orchestrator)
        event = sqs_event(sqs_record({"job_id": str(job_id)}))
        context = LambdaContext(function_name=self._orchestrator)
        future = self._executor.submit(handler, event, context)
        future.add_done_callback(self._report)
        self._pending.append(future)

    def drain(self) -> None:
        """Waits until every queued job has been handled."""
        while self._pending:
            self._pending.pop(0).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    @staticmethod
    def _report(future: Future[Any]) -> None:
        error = future.exception()
        result = None if error else future.result()
        if error or (result or {}).get("batchItemFailures"):
            logger.error(
                "Local queue: the orchestrator did not accept the job",
                extra={"error": str(error or result)},
            )


def job_queue(settings: Settings, orchestrator: str) -> JobQueue:
    """SQS when JOB_QUEUE_URL is set, else (local mode) the in-process queue."""
    if settings.job_queue_url:
        return SqsJobQueue(settings.job_queue_url, region=settings.region)
    if not settings.local_mode:
        raise RuntimeError("JOB_QUEUE_URL is not set: Terraform part 7_frontend sets it on the API")
    return LocalJobQueue(orchestrator)
