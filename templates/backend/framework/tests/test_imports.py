"""Each public module imports on its own in a fresh interpreter, as a Lambda cold start
does (an import cycle can hide when a test session imported things in another order)."""

import subprocess
import sys

import pytest

# What each entry point imports first: agent handlers, the API, the CLI, the local runtime.
MODULES = [
    "aws_agent_framework.agents",
    "aws_agent_framework.auth.dependencies",
    "aws_agent_framework.cli",
    "aws_agent_framework.database",
    "aws_agent_framework.local",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_alone(module):
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
