"""Tracing: off without LangFuse keys; with keys, an agent run's spans reach the
LangFuse host (here a local HTTP server) when flush() returns, with no sleeping."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aws_agent_framework.observability import langfuse_keys
from aws_agent_framework.settings import Settings

RUN_AND_FLUSH = """
import asyncio
from agents import Agent, Runner
from aws_agent_framework.agents.offline import OfflineModel
from aws_agent_framework.observability import configure_tracing, flush
from aws_agent_framework.settings import Settings

assert configure_tracing(Settings())
asyncio.run(Runner.run(Agent(name="traced", instructions="x", model=OfflineModel("traced")), "hi"))
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
            received.append((self.path, self.headers.get("authorization", ""), len(body)))
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
    assert traces, f"no spans were exported: {received}"
    assert traces[0][1].startswith("Basic ")
    assert traces[0][2] > 0
