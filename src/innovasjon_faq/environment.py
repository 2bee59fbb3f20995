"""What `faq` knows of the world it prints into: streams, terminal, variables.

Commands never look at `sys.stdout` or `os.environ` themselves; tests hand in
an Environment of their own instead of patching globals.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

DEFAULT_WIDTH = 80


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def __post_init__(self) -> None:
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)

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
