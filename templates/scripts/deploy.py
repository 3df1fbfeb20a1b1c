#!/usr/bin/env python3
"""Deploys {{ app_name }}: applies the Terraform parts in order, feeding each part's
outputs to the next. `--dry-run` prints the plan; `--part N` applies one part.
See guides/1_permissions.md before the first run."""

from terraform_parts import main

if __name__ == "__main__":
    main("apply")
