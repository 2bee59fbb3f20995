"""The exception family and the exit statuses of `faq`.

The core raises these; one place (`cli.app.FaqGroup.main`) turns them into a
line on stderr and an exit status. Nothing else prints errors or exits.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    SUCCESS = 0
    NOT_FOUND = 1  # no entry, no hit, an ambiguous reference
    USAGE = 2  # bad arguments, or a collection file that cannot be used
    WRITE_ERROR = 74  # EX_IOERR: stdout could not be written
    INTERRUPTED = 130  # 128 + SIGINT


class FaqError(Exception):
    """Base of every error `faq` reports to a user."""

    exit_status = ExitStatus.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DataError(FaqError):
    """A collection file is missing, unreadable, not JSON or of the wrong shape.

    `where` is "line L, column C" or "entry N, field F" when known.
    """

    exit_status = ExitStatus.USAGE

    def __init__(
        self,
        path: str,
        problem: str,
        where: str | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.problem = problem
        self.where = where
        self.line = line
        self.column = column
        location = f"{path}: {where}" if where else path
        super().__init__(f"{location}: {problem}")


class NotFoundError(FaqError):
    """Nothing matches a reference, a query or a filter."""

    exit_status = ExitStatus.NOT_FOUND

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class AmbiguousError(FaqError):
    """A reference matches several entries about equally well."""

    exit_status = ExitStatus.NOT_FOUND

    def __init__(self, message: str, candidates: tuple[tuple[int, str], ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class UsageError(FaqError):
    """An argument that parses but makes no sense (an empty query, say)."""

    exit_status = ExitStatus.USAGE


class WriteError(FaqError):
    """An output file (`--output FILE`) could not be written."""

    exit_status = ExitStatus.WRITE_ERROR
