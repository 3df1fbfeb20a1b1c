"""{{ app_title | one_line }}'s tables: migrations, row schemas and models."""
