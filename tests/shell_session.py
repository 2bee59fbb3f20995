"""Real bash, zsh and fish on a pseudo-terminal, driven the way a person drives them.

A `ShellSession` starts an interactive shell on a new pty, types into it, presses
Tab and reads the screen as a terminal would show it (pyte renders the shell's
output). What the shell made of the command line is read back exactly: `submit()`
puts a function `args` in front of the line (Ctrl-A, `args `) and presses Enter;
`args` writes each argument it got to a file, NUL-separated.

Nothing here sleeps for a fixed time: every step waits for something to happen
(a file to appear, a text to show), with a generous limit for slow machines.

A missing shell skips its tests, unless FAQ_REQUIRE_SHELLS is set (CI sets it,
after installing the shells): then it fails, since a security test that
silently skips protects nothing.
"""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte
import pytest

SHELLS = ("bash", "zsh", "fish")
LIMIT = 60.0  # seconds to wait for any one step
BIN = Path(sys.executable).parent  # where the installed `faq` is


def shell_path(name: str) -> str:
    """The shell's executable; a skip (or, with FAQ_REQUIRE_SHELLS, a failure) without it."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("FAQ_REQUIRE_SHELLS"):
            pytest.fail(f"{name} is not installed, and FAQ_REQUIRE_SHELLS is set")
        pytest.skip(f"needs {name} (CI installs it and sets FAQ_REQUIRE_SHELLS=1)")
    return found


def faq_environment(home: Path, **extra: str) -> dict[str, str]:
    """A user's minimal environment with the installed `faq` first on PATH."""
    if not (BIN / "faq").exists():  # pragma: no cover - a broken install
        pytest.fail(f"no faq next to {sys.executable}")
    return {
        "PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        **extra,
    }


class ShellSession:
    """One interactive shell on a pty of `columns` × `rows`."""

    def __init__(
        self,
        shell: str,
        home: Path,
        env: dict[str, str],
        *,
        columns: int = 200,
        rows: int = 60,
        startup: bool = False,
    ) -> None:
        """`startup`: read the user's start-up files (~/.bashrc, ~/.zshrc, fish's
        config) as a login to a new terminal does; else start clean."""
        self.shell = shell
        self.home = home
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._syncs = 0
        path = shell_path(shell)
        if shell == "bash":
            argv = [path, "-i"] if startup else [path, "--norc", "--noprofile", "-i"]
            env = {"PS1": "$ ", **env}
        elif shell == "zsh":
            argv = [path, "-i"] if startup else [path, "-f", "-i"]
            env = {"PS1": "$ ", **env}
        else:
            argv = [path, "-i"] if startup else [path, "--no-config", "-i"]
        self._master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=home,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self._prepare()

    # -- typing ------------------------------------------------------------------

    def type(self, text: str) -> None:
        os.write(self._master, text.encode("utf-8"))

    def run(self, command: str) -> None:
        """Run `command` at the prompt and wait until the shell is done with it."""
        self._syncs += 1
        marker = self.home / f".sync-{self._syncs}"
        self.type(f"{command}; true > {marker}\r")
        self.wait(marker.exists, f"the shell to run {command!r}")

    def tab(self, times: int = 1) -> None:
        for _ in range(times):
            self.type("\t")

    def submit(self) -> list[str]:
        """The arguments the line being edited gives, as the shell parses it.

        Ctrl-A, then `args ` at the front of the line, then Enter. Keys typed
        during a completion wait until it is done, so this also waits for it."""
        result = self.home / ".args"
        if result.exists():
            result.unlink()
        self.type("\x01args \r")
        self.wait(result.exists, "the line to be run")
        values = result.read_bytes().decode("utf-8").split("\0")
        return values[:-1]

    def cancel(self) -> None:
        """Throw the line being edited away (Ctrl-C) and wait for a prompt."""
        self.type("\x03")
        self.run("true")

    # -- reading -----------------------------------------------------------------

    def text(self) -> str:
        """The screen as a person sees it, without trailing blanks."""
        self._read(0)
        return "\n".join(line.rstrip() for line in self.screen.display).rstrip()

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + LIMIT
        while not condition():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"{self.shell}: gave up waiting for {what}; screen:\n{self.text()}")
            self._read(0.05)

    def wait_for_text(self, *needles: str) -> str:
        """The screen, once it shows every one of `needles`."""
        self.wait(lambda: all(n in self.text() for n in needles), f"{needles!r} on the screen")
        return self.text()

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=LIMIT)
        os.close(self._master)

    def __enter__(self) -> ShellSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------

    def _read(self, timeout: float) -> None:
        while True:
            ready, _, _ = select.select([self._master], [], [], timeout)
            if not ready:
                return
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the shell is gone
                return
            if not chunk:
                return
            self._stream.feed(chunk)
            timeout = 0

    def _prepare(self) -> None:
        """A plain prompt, no autosuggestion, completion loaded, and `args`."""
        result = self.home / ".args"
        staged = self.home / ".args-staged"
        if self.shell == "fish":
            setup = [
                "function fish_prompt; echo -n '$ '; end",
                "set -g fish_greeting",
                "set -g fish_autosuggestion_enabled 0",
                f"function args; printf '%s\\0' $argv > {staged}; mv {staged} {result}; end",
            ]
        else:
            setup = [f"args() {{ printf '%s\\0' \"$@\" > {staged}; mv {staged} {result}; }}"]
            if self.shell == "zsh":
                setup.insert(0, "autoload -Uz compinit && compinit -u -D")
        for command in setup:
            self.run(command)


def _take_terminal() -> None:  # pragma: no cover - runs in the child
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def load_completion(session: ShellSession, script: str | None = None) -> None:
    """Load a completion script into the session: `script`, or the one that
    `faq --show-completion SHELL` prints (as a user's start-up file would)."""
    if script is None:
        command = {
            "bash": 'eval "$(faq --show-completion bash)"',
            "zsh": 'eval "$(faq --show-completion zsh)"',
            "fish": "faq --show-completion fish | source",
        }[session.shell]
    else:
        path = session.home / f"completion.{session.shell}"
        path.write_text(script + "\n", encoding="utf-8")
        command = f"source {path}"
    session.run(command)
