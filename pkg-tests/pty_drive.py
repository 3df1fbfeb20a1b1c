"""Runs a command in a pseudo-terminal and answers its prompts, as a person would.

Usage: pty_drive.py SCRIPT_JSON -- COMMAND [ARGS...]

SCRIPT_JSON is a list of [pattern, keys]: wait until the output since the previous match
matches the regex `pattern`, then type `keys` ("\r" is Enter, "\x03" is Ctrl-C).
Prints the whole transcript; exits with the command's exit status, or 124 when a pattern
does not appear within 20 seconds (the transcript shows where it stopped).
"""

import json
import os
import pty
import re
import select
import subprocess
import sys
import time

TIMEOUT = 20.0


def main() -> int:
    script = json.loads(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1 :]
    master, slave = pty.openpty()
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    transcript = ""
    unread = ""  # output since the last matched pattern

    def read(timeout: float) -> bool:
        nonlocal transcript, unread
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(master, 65536).decode("utf-8", "replace")
        except OSError:  # the child closed the terminal
            return False
        transcript += chunk
        unread += chunk
        return bool(chunk)

    for pattern, keys in script:
        deadline = time.monotonic() + TIMEOUT
        while not (match := re.search(pattern, unread)):
            if time.monotonic() > deadline or not read(0.1):
                print(transcript)
                print(f"\n[pty_drive] timed out waiting for {pattern!r}", file=sys.stderr)
                child.kill()
                return 124
        unread = unread[match.end() :]
        os.write(master, keys.encode())
    deadline = time.monotonic() + TIMEOUT
    while child.poll() is None and time.monotonic() < deadline:
        read(0.1)
    while read(0.05):  # drain what is left
        pass
    print(transcript)
    return child.wait(timeout=1)


if __name__ == "__main__":
    sys.exit(main())
