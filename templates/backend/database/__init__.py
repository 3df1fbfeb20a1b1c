"""{{ app_title | docstring }}'s tables: migrations, row schemas and models."""
