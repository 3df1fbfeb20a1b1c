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


def test_the_api_on_lambda_does_not_import_the_agents_sdk():
    """The API only queues jobs on AWS: the Agents SDK (most of an agent's import time)
    stays out of its cold start, and is imported when local mode runs a job."""
    used_by_the_api = [
        "aws_agent_framework.agents.jobs",
        "aws_agent_framework.auth.dependencies",
        "aws_agent_framework.database",
        "aws_agent_framework.local",
        "aws_agent_framework.observability",
    ]
    check = f"import sys, {', '.join(used_by_the_api)}; print('agents' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_every_public_name_of_the_agents_package_resolves():
    import aws_agent_framework.agents as package

    for name in package.__all__:
        assert getattr(package, name).__name__ == name
    with pytest.raises(AttributeError, match="no attribute 'Missing'"):
        package.Missing  # noqa: B018
