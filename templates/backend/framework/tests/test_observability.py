"""Tracing: off without LangFuse keys; with keys, an agent run's spans reach the
LangFuse host (here a local HTTP server) when flush() returns, with no sleeping, inside
the job's trace, and the online judge's score lands on that trace."""

import gzip
import json
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aws_agent_framework.observability import job_trace_id, langfuse_keys
from aws_agent_framework.settings import Settings

JOB_ID = "6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11"
RUN_AND_FLUSH = f"""
import asyncio, uuid
from agents import Agent, Runner
from aws_agent_framework.agents.offline import OfflineModel
from aws_agent_framework.observability import (
    configure_tracing, flush, job_trace, send_quality_score
)
from aws_agent_framework.settings import Settings

assert configure_tracing(Settings())
job_id = uuid.UUID("{JOB_ID}")
with job_trace(job_id, "traced"):
    agent = Agent(name="traced", instructions="x", model=OfflineModel("traced"))
    asyncio.run(Runner.run(agent, "hi"))
send_quality_score(job_id, 0.75, "Clear and complete.", "bedrock/judge")
flush()
"""


def test_without_keys_tracing_is_off():
    assert langfuse_keys(Settings()) == {}
    assert langfuse_keys(Settings(langfuse_public_key="pk")) == {}


def test_keys_come_from_the_secret_the_guide_creates(aws):
    import boto3

    arn = boto3.client("secretsmanager").create_secret(
        Name="app-langfuse",
        SecretString=json.dumps(
            {
                "LANGFUSE_PUBLIC_KEY": "pk-lf",
                "LANGFUSE_SECRET_KEY": "sk-lf",
                "LANGFUSE_HOST": "https://eu.example",
            }
        ),
    )["ARN"]
    keys = langfuse_keys(Settings(langfuse_secret_arn=arn))
    assert keys == {"public_key": "pk-lf", "secret_key": "sk-lf", "host": "https://eu.example"}


def test_with_keys_spans_reach_langfuse_by_the_end_of_flush(tmp_path):
    received = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if self.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            received.append((self.path, self.headers.get("authorization", ""), body))
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({}).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "PATH": "/usr/bin:/bin",
        "LANGFUSE_PUBLIC_KEY": "pk-lf-test",
        "LANGFUSE_SECRET_KEY": "sk-lf-test",
        "LANGFUSE_HOST": f"http://127.0.0.1:{server.server_port}",
        "HOME": str(tmp_path),
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", RUN_AND_FLUSH],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,  # a fresh interpreter importing the Agents SDK: slow on a busy CI machine
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    traces = [r for r in received if r[0].endswith("/otel/v1/traces")]
    assert traces, f"no spans were exported: {[r[0] for r in received]}"
    assert traces[0][1].startswith("Basic ")
    # Every agent's spans of a job carry its trace id, derived from the job's id.
    trace_id = bytes.fromhex(job_trace_id(uuid.UUID(JOB_ID)))
    spans = b"".join(body for _, _, body in traces)
    assert trace_id in spans and b"traced" in spans
    # The judge's score went to the same trace.
    sent = [
        s for path, _, body in received if path == "/api/public/scores" for s in json.loads(body)
    ]
    assert [(s["name"], s["value"], s["traceId"], s["comment"]) for s in sent] == [
        ("quality", 0.75, trace_id.hex(), "Clear and complete.")
    ]
