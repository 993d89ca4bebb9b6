#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, as a person at a terminal would run kubectl -it.

    pty-session.py TIMEOUT EXPECT SEND [EXPECT SEND ...] -- COMMAND ARGS...

Waits for each EXPECT text in the output, then types its SEND (both with Python escapes: "\\r" is Enter), then waits for the
command to end. Prints everything the terminal showed (as Python escapes, so CR and LF are
visible) and exits with the command's exit code, or 124 when an EXPECT did not come in time.
"""
import os, pty, select, sys, time

def main():
    args = sys.argv[1:]
    timeout = float(args.pop(0))
    split = args.index("--")
    steps, command = args[:split], args[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    seen = b""
    def read_until(text, deadline):
        nonlocal seen
        while text.encode() not in seen:
            if time.time() > deadline:
                return False
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return False
                if not data:
                    return False
                seen += data
        return True
    deadline = time.time() + timeout
    unescape = lambda text: text.encode().decode("unicode_escape")
    for expect, send in zip(map(unescape, steps[::2]), map(unescape, steps[1::2])):
        if not read_until(expect, deadline):
            print(repr(seen.decode(errors="replace")))
            print(f"pty-session: no {expect!r} within {timeout:g}s", file=sys.stderr)
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.exit(124)
        os.write(fd, send.encode())
    read_until("\0never\0", deadline)  # the rest of the output, until the command closes the terminal
    _, status = os.waitpid(pid, 0)
    print(repr(seen.decode(errors="replace")))
    sys.exit(os.waitstatus_to_exitcode(status))

main()
