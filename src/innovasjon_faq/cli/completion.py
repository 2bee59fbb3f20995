"""Shell completion on Typer's path: the REF callback, the answer to a request,
and `--show-completion` / `--install-completion`; fast, quiet, and never an
error on the screen while a shell completes.

Typer parses the line (`faq show --data F n<TAB>`, options, other commands)
and finds the candidates; `shells.answer` prints them, as on the fast path, in
the form each of our scripts (and Typer's own, for users who installed them
before) reads without evaluating collection text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import typer
from typer._click.core import Command, Context
from typer._click.shell_completion import CompletionItem
from typer.core import TyperOption

from innovasjon_faq.cli import shells
from innovasjon_faq.cli.outcome import PROG
from innovasjon_faq.i18n import N_, _

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class _Candidate(str):
    """A completion value that Typer's prefix filter compares the way people type.

    Typer keeps only values that `startswith` what was typed, case-sensitively;
    `faq show n<TAB>` should still offer `N3`, and `radm` `rådmann`. The
    candidates are already chosen by `reference_candidates`, so this `startswith`
    agrees with it (folded case and æ/ø/å) rather than overrule it.
    """

    __slots__ = ()

    def startswith(self, prefix: object, *args: object) -> bool:
        from innovasjon_faq.search.normalize import fold

        if isinstance(prefix, str) and not args:
            return fold(str(self)).startswith(fold(prefix.strip()))
        return str(self).startswith(prefix, *args)  # type: ignore[arg-type]


def _data_path(ctx: typer.Context) -> str | None:
    """The `--data` given so far on the command line (at any level), else FAQ_DATA."""
    current: typer.Context | None = ctx
    while current is not None:
        value = current.params.get("data")
        if isinstance(value, str) and value:
            return value
        current = current.parent  # type: ignore[assignment]
    return os.environ.get("FAQ_DATA") or None


def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids, slugs and keywords for `faq show REF`."""
    from innovasjon_faq.completion import reference_candidates
    from innovasjon_faq.errors import DataError
    from innovasjon_faq.loader import load

    try:
        collection = load(_data_path(ctx))
    except DataError:
        return []
    return [
        (_Candidate(value), help_) for value, help_ in reference_candidates(collection, incomplete)
    ]


# -- answering a request -------------------------------------------------------------


def respond(
    cli: Command, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str
) -> int | None:
    """Answer the completion request in `complete_var`, printing what the shell
    reads; the exit status, or None when it is not one of ours (Typer answers)."""
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    request = os.environ.get(complete_var, "")
    if request.startswith("source_") and request[len("source_") :] in shells.SCRIPTS:
        _show(request[len("source_") :])  # Click's way to ask for the script
        return 0
    action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if request not in shells.REQUESTS or (
        request == shells.FISH and action not in ("get-args", "is-args")
    ):
        return None
    reader = {shells.BASH: BashComplete, shells.FISH: FishComplete}.get(request, ZshComplete)
    comp = reader(cli, ctx_args, prog_name, complete_var)
    try:
        args, incomplete = comp.get_completion_args()
    except (KeyError, ValueError):  # a request no script of ours sends
        return 1
    items = comp.get_completions(args, incomplete)
    text, status = shells.answer(request, _candidates(items), incomplete, action)
    sys.stdout.write(text)
    sys.stdout.flush()
    return status


def _candidates(items: list[CompletionItem]) -> list[tuple[str, str]]:
    """(value, description) of Typer's items. A path is the shell's to complete
    (none, then); an option's help is translated (a command's already is, and a
    REF's question is the collection's own text)."""
    if any(item.type in ("file", "dir") for item in items):
        return []
    found = []
    for item in items:
        value, text = str(item.value), item.help or ""
        if text and value.startswith("-") and not isinstance(item.value, _Candidate):
            text = _(text)
        found.append((value, text))
    return found


# -- --show-completion and --install-completion --------------------------------------


class ShellOption(TyperOption):
    """`--show-completion [SHELL]`, `--install-completion [SHELL]`: a flag, and the
    word after it (Typer's own took none and printed the detected shell's script
    for `faq --show-completion zsh` from bash); without it, the shell this runs in."""

    def __init__(self, name: str, help_: str) -> None:
        super().__init__(
            param_decls=[name], is_flag=True, expose_value=False, is_eager=True, help=help_
        )

    def handle_parse_result(
        self, ctx: Context, opts: Mapping[str, Any], args: list[str]
    ) -> tuple[Any, list[str]]:
        if self.name is not None and opts.get(self.name) and not ctx.resilient_parsing:
            shell = args.pop(0) if args else _detected_shell()
            if shell not in SHELLS:
                choices = ", ".join(SHELLS[:3])
                raise typer.BadParameter(
                    _("choose one of: {choices}").format(choices=choices), ctx, self
                )
            if self.name == "show_completion":
                _show(shell)
            else:
                _install(shell)
            raise typer.Exit()
        return super().handle_parse_result(ctx, opts, args)

    def get_help_record(self, ctx: Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else (f"{record[0]} [SHELL]", record[1])


def completion_options() -> list[ShellOption]:
    return [
        ShellOption(
            "--install-completion",
            N_("Install completion for the current shell, or for SHELL: bash, zsh or fish."),
        ),
        ShellOption(
            "--show-completion",
            N_(
                "Show completion for the current shell, or for SHELL: bash, zsh or fish, "
                "to copy it or customize the installation."
            ),
        ),
    ]


def _detected_shell() -> str:
    from typer._completion_shared import _get_shell_name

    return _get_shell_name() or ""


def _show(shell: str) -> None:
    if shell in shells.SCRIPTS:
        text = shells.script(shell)
    else:
        from typer._completion_shared import get_completion_script

        text = get_completion_script(prog_name=PROG, complete_var=shells.VARIABLE, shell=shell)
        text += "\n"
    sys.stdout.write(text)
    sys.stdout.flush()


def _install(shell: str) -> None:
    if shell in shells.SCRIPTS:
        from innovasjon_faq.cli.completion_install import install

        path = install(shell)
    else:
        from typer._completion_shared import install as typer_install

        path = str(typer_install(shell=shell, prog_name=PROG, complete_var=shells.VARIABLE)[1])
    print(_("{shell} completion installed in {path}").format(shell=shell, path=path))
    print(_("Completion will take effect once you restart the terminal."))
