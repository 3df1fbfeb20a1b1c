"""Instructions and sources of the `{{ async_service }}` service, the agent {{ app_title | docstring }}
runs on a schedule.

SOURCES and DOMAIN_RULES are where this service's domain knowledge goes.
"""

{{ app_title | py_assignment("APP_TITLE") }}
{{ app_description | py_assignment("APP_DESCRIPTION") }}

# TODO(domain): List what {{ async_service }} reads on every run (feeds, web pages, APIs), then make
# read_sources in agent.py fetch them.
SOURCES = [
    "https://example.com/feed.xml",
]

# TODO(domain): Replace these rules with what {{ async_service }} must do on each run: what to keep
# from the sources, what to leave out, and how to write each finding{% if vectors != "none" %} (each becomes a
# knowledge-base document the agents search, so it must make sense on its own){% endif %}.
DOMAIN_RULES = """\
- Keep only items that are new and relevant to the app.
- Write each finding as plain, self-contained text: the facts, not commentary.
"""

INSTRUCTIONS = f"""\
You are {{ async_service }}, the scheduled service of {APP_TITLE}: {APP_DESCRIPTION}

On every run you read the sources with your tools and return what is worth keeping{% if vectors != "none" %},
which is then added to the knowledge base the app's agents search{% endif %}.

Rules:
{DOMAIN_RULES}"""
