"""SQL identifiers (table and column names) cannot be bound as parameters, so they are
validated and quoted before they reach SQL. Values are always bound as parameters."""

import re

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def quote_identifier(name: str) -> str:
    """`name` (or `schema.name`) double-quoted, after checking each part is a plain identifier.

    >>> quote_identifier("jobs")
    '"jobs"'
    >>> quote_identifier("public.jobs")
    '"public"."jobs"'
    """
    if not isinstance(name, str):
        raise TypeError(f"an SQL identifier must be a string, not {type(name).__name__}")
    parts = name.split(".")
    if len(parts) > 2 or not all(_IDENTIFIER.fullmatch(part) for part in parts):
        raise ValueError(
            f"{name!r} is not a valid SQL identifier: use letters, digits and underscores, "
            "starting with a letter or underscore, at most 63 characters (optionally schema.name)"
        )
    return ".".join(f'"{part}"' for part in parts)
