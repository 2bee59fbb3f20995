"""Help and Click's own messages in the interface language.

Typer evaluates `help=` strings and docstrings once, when the modules are
imported — before anyone knows whether the user asked for Norwegian. So help
texts stay English msgids in the code (marked with `N_`, or docstrings), and
are translated when help is rendered:

- `FaqGroup.main` chooses the language from `--lang` in argv and the locale
  variables *before* Click parses anything (so `faq --help --lang nb` works too);
- `FaqGroup.get_command` translates a command's help as it is looked up;
- `FaqContext` gives every context `HelpFormatter`, which translates the
  headings, each option's help and Typer's `[default: …]`-style notes as it
  writes them;
- `click_message` translates the usage errors Click and Typer raise in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import typer
from typer._click.core import Command
from typer._click.formatting import HelpFormatter as ClickHelpFormatter

from innovasjon_faq.i18n import LANGUAGES, N_, _, current_language

# Typer's and Click's fixed texts that reach the help screen.
BUILTIN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
HEADINGS = (N_("Arguments"), N_("Options"), N_("Commands"))

_EXTRA = re.compile(r"^(?P<help>.*?)(?:\s{2}|^)\[(?P<extra>[^\[\]]*)\]$", re.DOTALL)


def language_from_args(args: Sequence[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` before any `--` (before
    the command or after it), when it is one we know."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGUAGES:
            found = value
    return found


def _note(note: str) -> str:
    """One of Typer's notes after an option's help: `env var: X`, `default: X`, `required`."""
    name, sep, value = note.partition(": ")
    if name == "env var" and sep:
        return _("env var: {var}").format(var=value)
    if name == "default" and sep:
        return _("default: {default}").format(default=value)
    if note == "required":
        return _("required")
    return note


def definition(text: str) -> str:
    """An option's help as Typer wrote it (`help  [note; note]`), translated."""
    found = _EXTRA.match(text)
    if not found:
        return _(text) if text else text
    help_text = found.group("help")
    notes = "; ".join(_note(n) for n in found.group("extra").split("; "))
    translated = _(help_text) if help_text else ""
    return f"{translated}  [{notes}]" if translated else f"[{notes}]"


class HelpFormatter(ClickHelpFormatter):
    """Click's formatter, writing headings and definitions in the interface language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_(name)):
            yield

    def write_text(self, text: str) -> None:
        super().write_text(_(text))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, definition(text)) for term, text in rows], col_max, col_spacing)


class FaqContext(typer.Context):
    formatter_class = HelpFormatter


def localise_command(command: Command | None) -> None:
    """Give `command` (a subcommand as it is looked up) the translating context and
    its help in the interface language."""
    if command is None:
        return
    command.context_class = FaqContext
    original = getattr(command, "_faq_help_msgid", None)
    if original is None:
        original = command.help
        command._faq_help_msgid = original  # type: ignore[attr-defined]
    if original:
        command.help = _(original)


_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Missing argument '(?P<name>.+)'\.$"), N_("Missing argument '{name}'.")),
    (re.compile(r"^Missing option '(?P<name>.+)'\.$"), N_("Missing option '{name}'.")),
    (
        re.compile(r"^No such option: (?P<option>\S+) \(Possible options: (?P<choices>.+)\)$"),
        N_("No such option: {option} (did you mean {choices}?)"),
    ),
    (re.compile(r"^No such option: (?P<option>\S+)$"), N_("No such option: {option}")),
    (
        re.compile(r"^No such command '(?P<name>.+)'\. Did you mean (?P<choices>.+)\?$"),
        N_("No such command '{name}'. Did you mean {choices}?"),
    ),
    (re.compile(r"^No such command '(?P<name>.+)'\.$"), N_("No such command '{name}'.")),
    (
        re.compile(r"^Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$"),
        N_("Got unexpected extra arguments ({args})"),
    ),
    (
        re.compile(r"^Option '(?P<option>.+)' requires an argument\.$"),
        N_("Option '{option}' requires an argument."),
    ),
    (
        re.compile(r"^Option '(?P<option>.+)' does not take a value\.$"),
        N_("Option '{option}' does not take a value."),
    ),
    (
        re.compile(r"^(?P<value>.+) is not a valid (?:int range|integer|int)\.$"),
        N_("{value} is not a whole number."),
    ),
    (
        re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$"),
        N_("{value} is not in the range {range}."),
    ),
)
_INVALID_VALUE = re.compile(r"^Invalid value for (?P<param>.+?): (?P<problem>.+)$", re.DOTALL)


def click_message(message: str) -> str:
    """A usage error from Click or Typer (English), in the interface language.
    In English it stays exactly as Click wrote it."""
    if current_language() == "en":
        return message
    invalid = _INVALID_VALUE.match(message)
    if invalid:
        return _("Invalid value for {param}: {problem}").format(
            param=invalid.group("param"), problem=click_message(invalid.group("problem"))
        )
    for pattern, msgid in _CLICK_MESSAGES:
        found = pattern.match(message)
        if found:
            return _(msgid).format(**found.groupdict())
    return message
