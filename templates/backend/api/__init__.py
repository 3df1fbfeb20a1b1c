"""{{ app_title | one_line }}'s HTTP API (FastAPI; on Lambda through Mangum)."""
