"""The {{ agent.name }} agent ({{ agent.role }}): {{ (agent.description or "see templates.py") | docstring }}"""
