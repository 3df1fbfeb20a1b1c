"""Lambda SnapStart runtime hooks: what must differ between execution environments that
Lambda resumes from one snapshot.

With SnapStart (the generator's `snapstart` option: `snap_start` in terraform/6_agents
and 7_frontend), Lambda runs a function's init phase once, when a version is published,
snapshots the process and resumes every new execution environment of that version from
the snapshot. Whatever init left in memory is then the same in all of them, so the
after-restore hook renews what must not be:

- `random`'s state. Every environment would draw the same numbers, and the jittered
  backoff of agent calls (agents/invoker.py) would retry in lockstep across them: the
  very thing jitter is there to prevent. It is seeded again from os.urandom.

Nothing else made at import needs it: the database, the agent invoker, the job queue,
the token verifier and the LangFuse client are all created on first use, inside an
invocation, so init opens no connection, reads no secret and writes no file; boto3
clients may be kept (Lambda gives SnapStart functions credentials it renews after a
restore); ids come from uuid4 and `secrets`, which read the kernel's generator
(os.urandom), the source AWS advises for values that must stay unique under SnapStart.
Nothing has to be undone before the snapshot either, so only the after-restore hook is
registered.

The hooks go to `snapshot_restore_py`, which every Python managed runtime (3.12 and
later) includes; it is no dependency of this package. Where it is missing (locally, in
tests, in the deploy rehearsal's emulator) registering does nothing, and the hook is
never called.
"""

from __future__ import annotations

import importlib
import random

from aws_agent_framework.observability import logger

# Registered once per process, however many handlers ask: the runtime calls every hook
# registered, so a second registration would reseed twice.
_state = {"registered": False, "restores": 0}


def after_restore() -> None:
    """Renews what must differ between environments resumed from one snapshot."""
    random.seed()  # no argument: seeded from os.urandom, not from the snapshot's state
    _state["restores"] += 1
    logger.info("Resumed from a SnapStart snapshot: random reseeded")


def register_snapstart_hooks() -> bool:
    """Registers the hooks with the Lambda runtime; False where the runtime's
    `snapshot_restore_py` module is missing (not on Lambda), which is harmless."""
    if _state["registered"]:
        return True
    try:
        # Imported by name: the module exists only inside Lambda's Python runtimes.
        hooks = importlib.import_module("snapshot_restore_py")
    except ImportError:
        return False
    hooks.register_after_restore(after_restore)
    _state["registered"] = True
    return True
