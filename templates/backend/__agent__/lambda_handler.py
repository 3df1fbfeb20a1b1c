"""Lambda entry point of the {{ agent.name }} agent (handler: lambda_handler.handler).

{% if agent.role == "orchestrator" %}
It reads jobs from the SQS queue (partial batch failures reported), claims each one,
runs the agent and marks the job completed or failed, with its own row of job_results.
{% else %}
The orchestrator invokes it directly with {"job_id": ..., "task": ...}; it records its
run in its own row of job_results (running, then completed with its result, or failed)
and returns the result.
{% endif %}
"""

{# First-party imports in the order ruff's isort wants, wherever the agent's name sorts. #}
{% set imports = ["from aws_agent_framework.agents import AgentHandler", "from " ~ agent.name ~ ".agent import run"] %}
{% if agent.role == "orchestrator" %}
{% set imports = imports + ["from " ~ agent.name ~ ".templates import QUALITY_RUBRIC"] %}
{% endif %}
{% for line in imports | sort %}
{{ line }}
{% endfor %}

{% if agent.role == "orchestrator" %}
# QUALITY_RUBRIC: what the online judge scores a sampled fraction of jobs against.
{% set arguments = '"' ~ agent.name ~ '", run, role="orchestrator", rubric=QUALITY_RUBRIC' %}
{% if arguments | length > 76 %}
handler = AgentHandler(
    {{ arguments }}
)
{% else %}
handler = AgentHandler({{ arguments }})
{% endif %}
{% else %}
handler = AgentHandler("{{ agent.name }}", run, role="worker")
{% endif %}
