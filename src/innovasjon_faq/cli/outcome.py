"""How a run ends: the one place that turns errors into a line on stderr and an
exit status. Typer-free, so the fast path (`cli/fast.py`) shares it with
`FaqGroup.main`, which adds only the translation of Click's own exceptions.
"""

from __future__ import annotations

import errno
import sys

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
        pass


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
    """Run `action` and return the exit status its outcome calls for."""
    try:
        result = action()
        return int(result) if isinstance(result, int) else int(ExitStatus.SUCCESS)
    except FaqError as error:
        message, details = describe(error)
        report(env, message, details)
        return int(error.exit_status)
    except KeyboardInterrupt:
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return quiet_broken_pipe()
    except OSError as error:
        if error.errno == errno.EPIPE:
            return quiet_broken_pipe()
        reason = error.strerror or error
        report(env, _("could not write the output: {reason}").format(reason=reason))
        # What failed is still in stdout's buffer (without PYTHONUNBUFFERED):
        # Python's flush at exit would fail again, say "Exception ignored" and
        # make the status 120.
        _discard_stdout()
        return int(ExitStatus.WRITE_ERROR)


def quiet_broken_pipe() -> int:
    """The reader went away (`faq list | head -1`): end quietly."""
    _discard_stdout()
    return int(ExitStatus.SUCCESS)


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit has nowhere to fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
