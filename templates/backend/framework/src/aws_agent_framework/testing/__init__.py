"""Test helpers for apps built on the framework.

- pytest fixtures (loaded automatically as a plugin): see `fixtures`.
- Scripted models: the Agents SDK's `ScriptedModel` with `function_call` and
  `assistant_message` steps, re-exported here, and the framework's `OfflineModel`.
- Lambda events and context: `sqs_event`, `sqs_record`, `http_api_event`, `LambdaContext`.
- `DataApiEmulator`: the rds-data client over a real Postgres.
- `offline_client`, `streaming_body`: boto3 clients for botocore's Stubber, and the
  streamed JSON bodies some AWS answers carry.
- `RecordingQueue`: a job queue for the API that only records what it was sent.
"""

from agents.testing import ModelStep, ScriptedModel, assistant_message, function_call

from aws_agent_framework.agents.offline import OfflineModel
from aws_agent_framework.events import LambdaContext, http_api_event, sqs_event, sqs_record
from aws_agent_framework.testing.aws import offline_client, streaming_body
from aws_agent_framework.testing.data_api_emulator import DataApiEmulator


class RecordingQueue:
    """A job queue that records the job ids sent to it (for API tests)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, job_id: str) -> None:
        self.sent.append(job_id)


__all__ = [
    "DataApiEmulator",
    "LambdaContext",
    "ModelStep",
    "OfflineModel",
    "RecordingQueue",
    "ScriptedModel",
    "assistant_message",
    "function_call",
    "http_api_event",
    "offline_client",
    "sqs_event",
    "sqs_record",
    "streaming_body",
]
