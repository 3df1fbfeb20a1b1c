"""Instructions for the `charter` agent (worker).

The descriptions below come from the answers given to create-agent-app; the rules are
where this agent's domain knowledge goes.
"""

APP_TITLE = "Alex Finance"
APP_DESCRIPTION = "A team of AI agents that review an investment portfolio: classify its holdings, report on its allocation, chart it and project retirement income."
AGENT_DESCRIPTION = "Turns the allocation into charts for the dashboard."

# What `charter` must do in this domain: read by the model as its rules.
DOMAIN_RULES = """\
- Call chart_data: the dashboard draws its charts as they are.
- Write a caption of two or three sentences: what stands out in each chart.
"""

INSTRUCTIONS = f"""\
You are the charter agent of {APP_TITLE}: {APP_DESCRIPTION}

Your part: {AGENT_DESCRIPTION}

Rules:
{DOMAIN_RULES}"""
