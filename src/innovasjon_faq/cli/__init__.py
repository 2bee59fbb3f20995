"""The `faq` command line: Typer commands over the core, printing once.

`main` tries the fast path first (`fast.py`: the everyday commands without
importing Typer); `app`, the Typer application with every command registered,
is imported only when asked for (`from innovasjon_faq.cli import app`).
"""

from __future__ import annotations

import sys
import types

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from innovasjon_faq.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The `faq` console script."""
    if sys.stdout is None or sys.stderr is None:
        # A stream closed before start (`faq list >&-`): writing to it must fail
        # as a write error, the same on both paths.
        from innovasjon_faq.environment import ClosedStream

        if sys.stdout is None:
            sys.stdout = ClosedStream("stdout")
        if sys.stderr is None:
            sys.stderr = ClosedStream("stderr")
    for stream in (sys.stdout, sys.stderr):
        # A letter the stream's encoding lacks is replaced, never fatal.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    from innovasjon_faq.cli.fast import run
    from innovasjon_faq.environment import Environment

    status = run(sys.argv[1:], Environment())
    if status is not None:
        sys.exit(status)
    from innovasjon_faq.cli.app import main as typer_main

    typer_main()


def __getattr__(name: str) -> object:
    if name == "app":
        from innovasjon_faq.cli import commands  # noqa: F401  (registers the commands)
        from innovasjon_faq.cli.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """This package, keeping `app` for the Typer application: importing the
    submodule `cli.app` would otherwise make `from innovasjon_faq.cli import app`
    give the module (the lazy `__getattr__` above answers instead)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "app" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
