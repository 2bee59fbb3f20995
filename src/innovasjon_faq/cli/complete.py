"""Shell completion without importing Typer: the command name (`faq s<TAB>`)
and the REF of `faq show` (`faq show n<TAB>` offers `N3`).

Completion runs on every TAB, so it must answer as fast as `faq --version`.
This answers the common cases — the first word, and the word after `show`, in
bash, zsh or fish — exactly as Typer's path does (cli/completion.py: same
candidates, same order, and the same `shells.answer` prints them;
tests/test_fast.py compares); anything else (options, other arguments, other
shells, quoting, an unreadable collection) is left to Typer. The commands and
their help come from grammar.py, generated from the Typer app
(tools/cli_grammar.py); tests/test_grammar.py fails when it is stale, and
tests/test_fast.py compares the answers with Typer's.
"""

from __future__ import annotations

from innovasjon_faq.cli import grammar, shells
from innovasjon_faq.digits import ascii_int
from innovasjon_faq.i18n import _, choose_language, set_language

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping

COMMANDS = grammar.COMMANDS  # (name, help) as `faq --help` lists them
VARIABLE = shells.VARIABLE
_QUOTING = "\"'\\"


def short_help(text: str, limit: int = 45) -> str:
    """A command's help cut as Click cuts it for a listing
    (`click.utils.make_default_short_help`): the first paragraph, to the end of
    its first sentence or to `limit` characters with `...`."""
    words = text.split("\n\n", 1)[0].split()
    if not words:
        return ""
    if words[0] == "\b":
        words = words[1:]
    total = 0
    last = len(words) - 1
    for index, word in enumerate(words):
        total += len(word) + (index > 0)
        if total > limit:
            break
        if word[-1] == ".":
            return " ".join(words[: index + 1])
        if total == limit and index != last:
            break
    else:
        return " ".join(words)
    total += len("...")
    while index > 0:
        total -= len(words[index]) + (index > 0)
        if total <= limit:
            break
        index -= 1
    return " ".join(words[:index]) + "..."


def _words(line: str) -> list[str] | None:
    """The words after `faq` typed so far, the last one being completed, or None
    when the line has quoting this does not handle."""
    if any(ch in line for ch in _QUOTING):
        return None
    words = line.split()
    if line.endswith((" ", "\t")):
        words.append("")
    return words[1:] if len(words) >= 2 else None


def _request(environ: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """(request, words after `faq` up to the cursor) of a completion request."""
    request = environ.get(VARIABLE, "")
    if request == shells.BASH:
        line = environ.get("COMP_WORDS", "")
        cword = ascii_int(environ.get("COMP_CWORD", ""))
        if cword is None or any(ch in line for ch in _QUOTING):
            return None
        words = line.split()[1:]
        position = cword - 1
        if position < 0 or position > len(words):
            return None
        return request, [*words[:position], words[position] if position < len(words) else ""]
    if request in shells.REQUESTS:
        if request == shells.FISH and environ.get("_TYPER_COMPLETE_FISH_ACTION") not in (
            "get-args",
            "is-args",
        ):
            return None
        typed = _words(environ.get("_TYPER_COMPLETE_ARGS", ""))
        return None if typed is None else (request, typed)
    return None


def _references(incomplete: str, environ: Mapping[str, str]) -> list[tuple[str, str]] | None:
    """Ids, slugs and keywords for `faq show REF` (collection from FAQ_DATA or the
    bundled one), or None when the collection cannot be read: Typer then answers."""
    from innovasjon_faq.completion import reference_candidates
    from innovasjon_faq.errors import DataError
    from innovasjon_faq.loader import load

    try:
        collection = load(environ.get("FAQ_DATA") or None)
    except DataError:
        return None
    return reference_candidates(collection, incomplete)


def complete(environ: Mapping[str, str]) -> tuple[str, int] | None:
    """What to print and the exit status, or None when Typer should answer.
    Command help is in the locale's language, as `FaqGroup.main` chooses it."""
    request = _request(environ)
    if request is None:
        return None
    set_language(choose_language(environ))
    kind, words = request
    incomplete = words[-1]
    if incomplete.startswith("-"):
        return None
    found: list[tuple[str, str]] | None
    if len(words) == 1:
        found = [
            (name, short_help(_(text))) for name, text in COMMANDS if name.startswith(incomplete)
        ]
    elif len(words) == 2 and words[0] == "show":
        found = _references(incomplete, environ)
    else:
        return None
    if found is None:
        return None
    fish_action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    return shells.answer(kind, found, incomplete, fish_action)
