"""The Typer application, and the one place that turns errors into exit statuses."""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer._click import core as click_core  # Typer ≥ 0.28 vendors Click
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from innovasjon_faq import __version__
from innovasjon_faq.cli.localise import (
    FaqContext,
    click_message,
    language_from_args,
    localise_command,
)
from innovasjon_faq.cli.options import DataOption
from innovasjon_faq.environment import ClosedStream, Environment
from innovasjon_faq.errors import AmbiguousError, ExitStatus, FaqError, NotFoundError
from innovasjon_faq.i18n import LANGUAGES, N_, _, choose_language, set_language
from innovasjon_faq.text import neutralise

PROG = "faq"


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


class _PipeClosed(Exception):
    """stdout's reader went away. Raised instead of the EPIPE OSError, which Typer
    would catch on its own and turn into exit status 1."""


@contextmanager
def _pipe_guard() -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise _PipeClosed from error
        raise


class FaqGroup(TyperGroup):
    """Runs a command and maps every outcome to an exit status."""

    context_class = FaqContext

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        localise_command(command)
        return command

    def make_context(self, *args: Any, **kwargs: Any) -> click_core.Context:
        # Parsing runs the eager options (--help, --version), which print.
        with _pipe_guard():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click_core.Context) -> Any:
        with _pipe_guard():
            return super().invoke(ctx)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> NoReturn:
        extra.pop("standalone_mode", None)
        env = extra.get("obj") if isinstance(extra.get("obj"), Environment) else Environment()
        assert isinstance(env, Environment)
        # Before Click parses anything: help texts are translated as they are written.
        argv = sys.argv[1:] if args is None else list(args)
        set_language(choose_language(env.environ, language_from_args(argv)))
        localise_command(self)
        try:
            result = super().main(args, prog_name or PROG, standalone_mode=False, **extra)
            status = result if isinstance(result, int) else ExitStatus.SUCCESS
        except FaqError as error:
            message, details = describe(error)
            report(env, message, details)
            status = error.exit_status
        except click_exceptions.UsageError as error:
            hint = _("see '{command} --help'").format(
                command=error.ctx.command_path if error.ctx else PROG
            )
            report(env, f"{click_message(error.format_message())} ({hint})")
            status = ExitStatus.USAGE
        except click_exceptions.ClickException as error:
            report(env, error.format_message())
            status = error.exit_code
        except (KeyboardInterrupt, typer.Abort):
            status = ExitStatus.INTERRUPTED
        except (_PipeClosed, BrokenPipeError):
            status = _quiet_broken_pipe()
        except OSError as error:
            reason = error.strerror or error
            report(env, _("could not write the output: {reason}").format(reason=reason))
            status = ExitStatus.WRITE_ERROR
        sys.exit(int(status))


def _quiet_broken_pipe() -> int:
    """The reader went away (`faq list | head -1`): end quietly.

    Python would complain when it flushes stdout at exit; point stdout at
    /dev/null so that flush has nowhere to fail.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return int(ExitStatus.SUCCESS)


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


def _language(value: Optional[str]) -> Optional[str]:  # noqa: UP045
    if value is None:
        return value  # FaqGroup.main chose from the locale already
    if value not in LANGUAGES:
        raise typer.BadParameter(_("choose one of: {choices}").format(choices=", ".join(LANGUAGES)))
    set_language(value)
    return value


app = typer.Typer(
    cls=FaqGroup,
    name=PROG,
    help=N_(
        "The SLIK FAQ from KS (section 6, «Kontakt og spørsmål») in your terminal.\n\n"
        "Examples:\n\n"
        "  faq                      the questions\n\n"
        "  faq show N3              an answer, by id, slug, keyword or words\n\n"
        "  faq search politikere    search, the way you type\n\n"
        "  faq contacts kaupang     contact cards"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOption = None,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--lang",
            metavar="nb|en",
            callback=_language,
            is_eager=True,
            help=N_("Interface language (default: from the locale)."),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Show the version and exit.")
        ),
    ] = False,
) -> None:
    """Without a command: the title, the intro and the numbered questions."""
    if ctx.invoked_subcommand is not None:
        return
    from innovasjon_faq.cli.commands import overview

    overview(ctx, data)


def main() -> None:
    """The `faq` console script."""
    # A stream closed before start (`faq --help >&-`) is None; a ClosedStream
    # makes every write to it, Click's and print()'s too, fail as a write error.
    if sys.stdout is None:
        sys.stdout = ClosedStream("stdout")
    if sys.stderr is None:
        sys.stderr = ClosedStream("stderr")
    for stream in (sys.stdout, sys.stderr):
        # A letter the stream's encoding lacks is replaced, never fatal.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
