"""{{ app_title | docstring }}'s HTTP API (FastAPI; on Lambda through Mangum)."""
