"""What `faq` knows of the world it prints into: streams, terminal, variables.

Commands never look at `sys.stdout` or `os.environ` themselves; tests hand in
an Environment of their own instead of patching globals.
"""

from __future__ import annotations

import os
import sys

# Not `typing.TYPE_CHECKING`: importing typing (or dataclasses) here would cost
# every run of `faq --version` a few milliseconds (docs/performance.md).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

DEFAULT_WIDTH = 80


class Environment:
    """The streams, whether they are terminals, and the environment variables."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.stdout: TextIO = sys.stdout if stdout is None else stdout
        self.stderr: TextIO = sys.stderr if stderr is None else stderr
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self.environ: Mapping[str, str] = dict(os.environ) if environ is None else environ

    def __repr__(self) -> str:
        return (
            f"Environment(stdout_isatty={self.stdout_isatty}, stderr_isatty={self.stderr_isatty})"
        )

    @property
    def force_color(self) -> bool:
        return bool(self.environ.get("FORCE_COLOR"))

    @property
    def rich_stdout(self) -> bool:
        """Human (Rich) rendering on stdout: on a terminal, or when FORCE_COLOR asks."""
        return bool(self.stdout_isatty) or self.force_color

    @property
    def rich_stderr(self) -> bool:
        return bool(self.stderr_isatty) or self.force_color

    @property
    def width(self) -> int:
        """COLUMNS when set to a number, else the terminal's width, else 80."""
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        if self.stdout_isatty:
            try:
                return os.get_terminal_size(self.stdout.fileno()).columns
            except (OSError, ValueError, AttributeError):
                pass
        return DEFAULT_WIDTH


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
