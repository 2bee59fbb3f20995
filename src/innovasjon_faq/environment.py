"""What `faq` knows of the world it prints into: streams, terminal, variables.

Commands never look at `sys.stdout` or `os.environ` themselves; tests hand in
an Environment of their own instead of patching globals.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO, cast

DEFAULT_WIDTH = 80
MAX_WIDTH = 10_000  # a larger COLUMNS is a mistake; fall back as if unset


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: _standard(sys.stdout, "stdout"))
    stderr: TextIO = field(default_factory=lambda: _standard(sys.stderr, "stderr"))
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def __post_init__(self) -> None:
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)

    @property
    def stdout_utf8(self) -> bool:
        """Whether stdout encodes any letter (UTF-8/16/32), not just some."""
        encoding = getattr(self.stdout, "encoding", None) or "utf-8"
        try:
            return codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            return False

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
        columns = self.environ.get("COLUMNS", "").strip()
        # ASCII digits only: "²".isdigit() is true, yet int("²") fails.
        if columns.isascii() and columns.isdigit() and 0 < int(columns) <= MAX_WIDTH:
            return int(columns)
        if self.stdout_isatty:
            try:
                columns_of_window = os.get_terminal_size(self.stdout.fileno()).columns
            except (OSError, ValueError, AttributeError):
                columns_of_window = 0
            # A new pseudo-terminal reports 0x0 until someone sets its size
            # (`docker run -t`, `script`, CI runners): that means unknown.
            if columns_of_window > 0:
                return columns_of_window
        return DEFAULT_WIDTH


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream that was closed before `faq` started
    (`faq list >&-`): Python then sets `sys.stdout` to None. Writing to it
    fails the way writing to any broken stream fails, with an OSError."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.stream_name = name

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self.stream_name} is closed")


def _standard(stream: TextIO | None, name: str) -> TextIO:
    return stream if stream is not None else cast(TextIO, ClosedStream(name))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
