"""boto3 pieces for tests that stub AWS with botocore's Stubber."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
from botocore.response import StreamingBody


def offline_client(service: str, region: str = "us-east-1") -> Any:
    """A boto3 client with fake credentials, for wrapping in a Stubber."""
    return boto3.client(
        service, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def streaming_body(data: Any) -> StreamingBody:
    """`data` as the JSON body of an answer such as InvokeModel's or InvokeEndpoint's."""
    raw = json.dumps(data).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))
