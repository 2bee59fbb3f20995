"""The Typer application, and the one place that turns errors into exit statuses."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer._click import core as click_core  # Typer ≥ 0.28 vendors Click
from typer._click import exceptions as click_exceptions
from typer._click.types import STRING
from typer.core import TyperGroup, TyperOption

from innovasjon_faq.cli.localise import (
    FaqContext,
    click_message,
    language_from_args,
    localise_command,
)
from innovasjon_faq.cli.options import DataOption
from innovasjon_faq.cli.outcome import PROG, describe, guarded, report, version
from innovasjon_faq.cli.outcome import quiet_broken_pipe as _quiet_broken_pipe
from innovasjon_faq.environment import Environment
from innovasjon_faq.errors import ExitStatus
from innovasjon_faq.i18n import LANGUAGES, N_, _, choose_language, set_language

__all__ = ["PROG", "FaqGroup", "FaqSubgroup", "app", "describe", "main", "report"]


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


# How `faq --help` and completion list the commands.
COMMAND_ORDER = ("list", "show", "search", "contacts", "export", "validate", "schema", "cache")


class FaqGroup(TyperGroup):
    """Runs a command and maps every outcome to an exit status."""

    context_class = FaqContext
    completion = True  # the application's own --install- and --show-completion

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.completion:
            # Ours, not Typer's (`add_completion=False`): they take the shell's name.
            from innovasjon_faq.cli.completion import completion_options

            self.params.extend(completion_options())

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands in the order people need them, not the order of import."""
        names = super().list_commands(ctx)
        order = {name: index for index, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: order.get(name, len(order)))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        localise_command(command)
        _takes_lang(command)
        return command

    def make_context(self, *args: Any, **kwargs: Any) -> click_core.Context:
        # Parsing runs the eager options (--help, --version), which print.
        with _pipe_guard():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click_core.Context) -> Any:
        with _pipe_guard():
            return super().invoke(ctx)

    def _main_shell_completion(
        self,
        ctx_args: MutableMapping[str, Any],
        prog_name: str,
        complete_var: str | None = None,
    ) -> None:
        """A completion request: answered as the fast path answers (cli/shells.py),
        or, for a shell of Typer's only (PowerShell), by Typer."""
        from innovasjon_faq.cli.completion import respond

        variable = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if variable not in os.environ:
            return
        status = respond(self, ctx_args, prog_name, variable)
        if status is not None:
            sys.exit(status)
        from typer._completion_classes import completion_init

        completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

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

        def run() -> object:
            try:
                return super(FaqGroup, self).main(
                    args, prog_name or PROG, standalone_mode=False, **extra
                )
            except click_exceptions.UsageError as error:
                hint = _("see '{command} --help'").format(
                    command=error.ctx.command_path if error.ctx else PROG
                )
                report(env, f"{click_message(error.format_message())} ({hint})")
                return ExitStatus.USAGE
            except click_exceptions.ClickException as error:
                report(env, error.format_message())
                return error.exit_code
            except typer.Abort:
                return ExitStatus.INTERRUPTED
            except _PipeClosed:
                return _quiet_broken_pipe(env)

        sys.exit(guarded(env, run))


class FaqSubgroup(FaqGroup):
    """A group of commands under `faq` (`faq cache`): the commands in order and
    localised as the application's, without its completion options, which
    belong to `faq` alone."""

    completion = False


def _version(value: bool) -> None:
    if value:
        print(version(), end="")
        raise typer.Exit()


def _language(value: Optional[str]) -> Optional[str]:  # noqa: UP045
    if value is None:
        return value  # FaqGroup.main chose from the locale already
    if value not in LANGUAGES:
        raise typer.BadParameter(_("choose one of: {choices}").format(choices=", ".join(LANGUAGES)))
    set_language(value)
    return value


LANG_HELP = N_("Interface language (default: from the locale).")


def _takes_lang(command: Any) -> None:
    """Give `command` the option `--lang` (after the command, as before it):
    added here, as a command is looked up, so that every command takes it,
    those added later too. Its value reaches no command (`expose_value=False`);
    the last `--lang` typed wins, as `FaqGroup.main` chose it before parsing."""
    if command is None or any(param.name == "lang" for param in command.params):
        return
    command.params.append(
        TyperOption(
            param_decls=["--lang"],
            type=STRING,
            metavar="nb|en",
            callback=lambda _ctx, _param, value: _language(value),
            is_eager=True,
            expose_value=False,
            help=LANG_HELP,
        )
    )


app = typer.Typer(
    cls=FaqGroup,
    name=PROG,
    help=N_(
        "The SLIK FAQ from KS (section 6, «Kontakt og spørsmål») in your terminal.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  faq                      the questions\n"
        "  faq show N3              an answer, by id, slug, keyword or words\n"
        "  faq show komme i gang    words work too\n"
        "  faq search politikere    search, the way you type\n"
        "  faq contacts kaupang     contact cards"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,  # FaqGroup adds its own --install- and --show-completion
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
            help=LANG_HELP,
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
    """The `faq` console script, through Typer: called by `innovasjon_faq.cli.main`
    once the fast path has declined, with the streams already prepared there
    (a stream closed before start is a ClosedStream by then)."""
    from innovasjon_faq.cli import commands  # noqa: F401  (registers the commands)

    app()
