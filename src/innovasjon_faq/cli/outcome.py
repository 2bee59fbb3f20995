"""How a run ends: the one place that turns errors into a line on stderr and an
exit status. Typer-free, so the fast path (`cli/fast.py`) shares it with
`FaqGroup.main`, which adds only the translation of Click's own exceptions.
"""

from __future__ import annotations

import errno

from innovasjon_faq.errors import AmbiguousError, ExitStatus, FaqError, NotFoundError
from innovasjon_faq.i18n import _
from innovasjon_faq.text import neutralise

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from innovasjon_faq.environment import Environment

PROG = "faq"


def version() -> str:
    """What `faq --version` says, on both paths: `faq X.Y.Z` (scripts read the first
    line), then whose the bundled text is."""
    from innovasjon_faq import __version__
    from innovasjon_faq.credit import ABOUT

    return f"{PROG} {__version__}\n{_(ABOUT)}\n"


def report(env: Environment, message: str, details: Sequence[str] = ()) -> None:
    """One line on stderr (`faq: …`), then any details, indented."""
    lines = [f"{PROG}: {neutralise(message, multiline=False)}"]
    lines += [f"  {neutralise(d, multiline=False)}" for d in details]
    try:
        env.stderr.write("\n".join(lines) + "\n")
        env.stderr.flush()
    except (OSError, ValueError):
        release(env.stderr)  # `2>/dev/full`: the status still tells


def describe(error: FaqError) -> tuple[str, list[str]]:
    """The line and details that tell a user about `error`."""
    if isinstance(error, AmbiguousError):
        details = [f"{entry_id:>3}  {question}" for entry_id, question in error.candidates]
        return _("{message}; say which:").format(message=error.message), details
    if isinstance(error, NotFoundError) and error.suggestions:
        quoted = ", ".join(f"«{s}»" for s in error.suggestions)
        return _("{message}. Did you mean {suggestions}?").format(
            message=error.message, suggestions=quoted
        ), []
    return error.message, []


def guarded(env: Environment, action: Callable[[], object]) -> int:
    """Run `action` and return the exit status its outcome calls for.

    stdout is flushed here, inside the guard, whatever the command wrote and
    however it ended: a write that fails only on the last flush (a short
    output kept in the buffer, `faq list > /dev/full`) is a write error too."""
    try:
        try:
            result = action()
        finally:
            env.stdout.flush()
        return int(result) if isinstance(result, int) else int(ExitStatus.SUCCESS)
    except FaqError as error:
        message, details = describe(error)
        report(env, message, details)
        return int(error.exit_status)
    except KeyboardInterrupt:
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return quiet_broken_pipe(env)
    except OSError as error:
        if error.errno == errno.EPIPE:
            return quiet_broken_pipe(env)
        reason = error.strerror or error
        report(env, _("could not write the output: {reason}").format(reason=reason))
        release(env.stdout)
        return int(ExitStatus.WRITE_ERROR)


def quiet_broken_pipe(env: Environment) -> int:
    """The reader went away (`faq list | head -1`): end quietly."""
    release(env.stdout)
    return int(ExitStatus.SUCCESS)


def release(stream: object) -> None:
    """Let Python's last flush of `stream` at exit succeed, with nowhere to go.

    A write that failed leaves its text in the stream's buffer, and Python
    flushes sys.stdout and sys.stderr once more as it exits: that flush fails
    again, prints "Exception ignored … OSError" and turns the exit status into
    120. (With PYTHONUNBUFFERED there is no buffer, so the fault hides.)
    Pointing the stream's file descriptor at /dev/null makes that flush
    harmless; a stream without one (a test's StringIO) is left alone.
    """
    import os

    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError, TypeError):
        return
    try:
        os.dup2(devnull, fileno)
    except OSError:
        pass
    finally:
        os.close(devnull)
