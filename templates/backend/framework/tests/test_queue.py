"""The job queue: SQS on AWS (moto), or the in-process queue that hands the orchestrator
a real SQS event."""

import json
import uuid

import boto3
import pytest

from aws_agent_framework.local import LocalJobQueue, QueueUnavailable, SqsJobQueue, job_queue
from aws_agent_framework.settings import Settings


def test_jobs_are_sent_to_sqs_as_job_messages(aws):
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="app-jobs")["QueueUrl"]
    job_id = uuid.uuid4()
    queue = job_queue(Settings(job_queue_url=url, aurora_cluster_arn="arn:x"), "boss")
    assert isinstance(queue, SqsJobQueue)
    queue.send(job_id)
    messages = sqs.receive_message(QueueUrl=url)["Messages"]
    assert [json.loads(m["Body"]) for m in messages] == [{"job_id": str(job_id)}]


def test_a_queue_that_cannot_take_the_job_says_so(aws):
    # The queue is gone (deleted, wrong URL): SQS's error becomes QueueUnavailable.
    queue = SqsJobQueue(
        "https://sqs.us-east-1.amazonaws.com/123456789012/missing", boto3.client("sqs")
    )
    with pytest.raises(QueueUnavailable, match="was not queued"):
        queue.send(uuid.uuid4())


def test_the_local_queue_delivers_an_sqs_event_to_the_orchestrator():
    delivered = []

    def handler(event, context):
        delivered.append((event, context.function_name))
        return {"batchItemFailures": []}

    queue = LocalJobQueue("boss", handler=handler)
    job_id = uuid.uuid4()
    queue.send(job_id)
    queue.drain()
    queue.close()
    ((event, function),) = delivered
    assert function == "boss"
    (record,) = event["Records"]
    assert record["eventSource"] == "aws:sqs"
    assert json.loads(record["body"]) == {"job_id": str(job_id)}
    assert isinstance(job_queue(Settings(), "boss"), LocalJobQueue)
