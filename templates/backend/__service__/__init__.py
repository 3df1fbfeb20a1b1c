"""The {{ async_service }} service: the scheduled agent of {{ app_title | docstring }}{% if vectors != "none" %}, which keeps the knowledge base fed{% endif %} (see agent.py)."""
