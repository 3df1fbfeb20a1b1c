"""Local mode: the same handlers as on Lambda, driven in-process with real event shapes."""

from aws_agent_framework.events import LambdaContext, http_api_event, sqs_event, sqs_record
from aws_agent_framework.local.queue import (
    JobQueue,
    LocalJobQueue,
    QueueUnavailable,
    SqsJobQueue,
    job_queue,
)

__all__ = [
    "JobQueue",
    "LambdaContext",
    "LocalJobQueue",
    "QueueUnavailable",
    "SqsJobQueue",
    "http_api_event",
    "job_queue",
    "sqs_event",
    "sqs_record",
]
