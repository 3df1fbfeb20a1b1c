"""Instructions for the `{{ agent.name }}` agent ({{ agent.role }}).

The descriptions below come from the answers given to create-agent-app; the rules are
where this agent's domain knowledge goes.
"""

{{ app_title | py_assignment("APP_TITLE") }}
{{ app_description | py_assignment("APP_DESCRIPTION") }}
{% if not agent.description %}
# TODO(domain): Write in one sentence what `{{ agent.name }}` does in your domain (the model
# reads it as its part of the job{{ ", and the orchestrator's WORKERS tell it when to call it" if agent.role == "worker" }}).
{% endif %}
{{ (agent.description or (("Run each job: delegate its parts to the workers and write the summary." if agent.role == "orchestrator" else "Do the " ~ agent.name ~ " part of each job."))) | py_assignment("AGENT_DESCRIPTION") }}

# TODO(domain): Replace these rules with what `{{ agent.name }}` must do in your domain: what it
# must produce, what it may assume about its input, and what a good answer looks like.
DOMAIN_RULES = """\
- Be factual and concise.
- Say so plainly when the input is not enough to do the job.
"""

{% if agent.role == "orchestrator" %}
{% if workers %}
# TODO(domain): Describe when to call each worker and what it returns, in one line each:
# the orchestrator's model reads these as the descriptions of its run_<worker> tools.
WORKERS = {
{% for w in workers %}
    "{{ w.name }}": {{ (w.description or ("The " ~ w.name ~ " agent")) | py }},
{% endfor %}
}
{% else %}
WORKERS: dict[str, str] = {}
{% endif %}
WORKER_LIST = "\n".join(f"- {name}: {part}" for name, part in WORKERS.items()) or "- none"

# TODO(domain): Say what a good answer to a real job is in your domain: with
# EVAL_SAMPLE_RATE above 0 on AWS, a judge model scores that fraction of completed jobs
# against this rubric, from 0 to 1 (README.md, "Evals").
QUALITY_RUBRIC = """\
The summary answers the user's request directly, agrees with what the workers found, and
says plainly what the request did not give enough to decide.
"""

INSTRUCTIONS = f"""\
You are the {{ agent.name }} agent of {APP_TITLE}: {APP_DESCRIPTION}

Your part: {AGENT_DESCRIPTION}

You receive each job and delegate its parts to the worker agents, then write a summary
of what they found. Workers:
{WORKER_LIST}

Rules:
{DOMAIN_RULES}"""
{% else %}
INSTRUCTIONS = f"""\
You are the {{ agent.name }} agent of {APP_TITLE}: {APP_DESCRIPTION}

Your part: {AGENT_DESCRIPTION}

Rules:
{DOMAIN_RULES}"""
{% endif %}
