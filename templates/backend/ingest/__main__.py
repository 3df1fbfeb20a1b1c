"""Adds documents to the knowledge base from a JSON file, through the same handler as the
deployed function: `make ingest FILE=docs.json` (locally: a file under backend/.local/).

The file holds {"documents": [{"id": "...", "text": "...", "metadata": {...}}]}.
"""

import argparse
import json
from pathlib import Path

from aws_agent_framework.events import LambdaContext
from ingest.lambda_handler import handler

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="JSON file with a documents list")
    args = parser.parse_args()
    result = handler(
        json.loads(args.file.read_text(encoding="utf-8")), LambdaContext(function_name="ingest")
    )
    print(json.dumps(result, indent=2))
