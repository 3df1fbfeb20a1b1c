#!/usr/bin/env python3
"""Destroys {{ app_name }}: the Terraform parts in reverse order, so nothing is left that
costs money. `--dry-run` prints the plan; `--part N` destroys one part."""

from terraform_parts import main

if __name__ == "__main__":
    main("destroy")
