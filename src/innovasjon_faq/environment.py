"""What `faq` knows of the world it prints into: streams, terminal, variables.

Commands never look at `sys.stdout` or `os.environ` themselves; tests hand in
an Environment of their own instead of patching globals.
"""

from __future__ import annotations

import errno
import io
import os
import sys

from innovasjon_faq.digits import ascii_int

# Not `typing.TYPE_CHECKING`: importing typing (or dataclasses) here would cost
# every run of `faq --version` a few milliseconds (docs/performance.md).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

DEFAULT_WIDTH = 80
MAX_WIDTH = 10_000  # a larger COLUMNS is a mistake; fall back as if unset


class Environment:
    """The streams, whether they are terminals, and the environment variables.
    (A plain class, not a dataclass: see the note on imports above.)"""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.stdout: TextIO = _standard(sys.stdout, "stdout") if stdout is None else stdout
        self.stderr: TextIO = _standard(sys.stderr, "stderr") if stderr is None else stderr
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self.environ: Mapping[str, str] = dict(os.environ) if environ is None else environ

    def __repr__(self) -> str:
        return (
            f"Environment(stdout_isatty={self.stdout_isatty}, stderr_isatty={self.stderr_isatty})"
        )

    @property
    def stdout_utf8(self) -> bool:
        """Whether stdout encodes any letter (UTF-8/16/32), not just some."""
        import codecs

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
    def width(self) -> int:
        """COLUMNS when set to a number, else the terminal's width, else 80."""
        columns = ascii_int(self.environ.get("COLUMNS", "").strip())
        if columns is not None and 0 < columns <= MAX_WIDTH:
            return columns
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
    return stream if stream is not None else ClosedStream(name)  # type: ignore[return-value]


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
