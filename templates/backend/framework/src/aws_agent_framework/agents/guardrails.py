"""Guardrails on an agent's work, and what the user is told when one stops it.

- Each agent's own input check: an Agents SDK input guardrail in its agent.py
  (``@input_guardrail(run_in_parallel=False)``, so it runs before the first model call and
  a refused task costs no tokens). It answers with `accept()` or `refuse(reason)`.
- The Amazon Bedrock guardrail (guardrails = bedrock): Bedrock screens every model call's
  input and output; a blocked call raises `GuardrailBlockedError` (see bedrock.py).

Either way the run fails, and `refusal_of` turns the error into the job's message: the
reason, which is written for the user, never the text that was matched.
"""

from __future__ import annotations

import json
from typing import Any

from agents import GuardrailFunctionOutput, InputGuardrailTripwireTriggered

# Longest reason shown to the user.
_MAX_REASON = 300


def accept() -> GuardrailFunctionOutput:
    """The task may go to the model."""
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


def refuse(reason: str) -> GuardrailFunctionOutput:
    """The task must not go to the model; `reason` tells the user why and what to change."""
    return GuardrailFunctionOutput(output_info=reason, tripwire_triggered=True)


def task_text(task: str | list[Any]) -> str:
    """The text an input guardrail checks: the task, or the run's input items as JSON."""
    return task if isinstance(task, str) else json.dumps(task, default=str)


def refusal_of(error: BaseException, agent: str) -> str | None:
    """The message for a run a guardrail stopped (safe to show the user), else None. A
    guardrail that stopped another agent this one called is that agent's to report."""
    from aws_agent_framework.agents.bedrock import GuardrailBlockedError
    from aws_agent_framework.agents.invoker import AgentCallError

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, InputGuardrailTripwireTriggered):
            reason = str(seen.guardrail_result.output.output_info or "no reason given")
            return f"The {agent} agent refused the task: {reason[:_MAX_REASON]}"
        if isinstance(seen, GuardrailBlockedError):
            return f"The {agent} agent was stopped: {seen}"
        if isinstance(seen, AgentCallError):
            return None
        seen = seen.__cause__ or seen.__context__
    return None
