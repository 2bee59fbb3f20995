"""Shell completion without importing Typer: the command name (`faq s<TAB>`)
and the REF of `faq show` (`faq show n<TAB>` offers `N3`).

Completion runs on every TAB, so it must answer as fast as `faq --version`.
This answers the common cases — the first word, and the word after `show`, in
bash, zsh or fish — exactly as Typer would (same candidates, same order, same
format; tests/test_fast.py compares); anything else (options, other arguments,
other shells, quoting, an unreadable collection) is left to Typer. The table below
is what Typer derives from the registered commands; tests/test_fast.py
compares the two, so a new or renamed command fails there until it is added.
"""

from __future__ import annotations

from innovasjon_faq.digits import ascii_int

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping

# (name, short help) in the order Typer lists them (cli/app.py COMMAND_ORDER).
COMMANDS = (
    ("list", "List the questions with their ids and..."),
    ("show", "Show one answer."),
    ("search", "Search questions, answers and keywords;..."),
    ("contacts", "Show whom to contact, with phone numbers..."),
    ("export", "Export the whole collection: title, intro,..."),
    ("validate", "Check collection files and report every..."),
    ("schema", "Print the JSON Schema (draft 2020-12) of a..."),
    ("cache", "Show or clear the search indexes faq keeps..."),
)
VARIABLE = "_FAQ_COMPLETE"
_QUOTING = "\"'\\"


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
    """(shell, words after `faq` up to the cursor) of a completion request."""
    shell = environ.get(VARIABLE, "")
    if shell == "complete_bash":
        line = environ.get("COMP_WORDS", "")
        cword = ascii_int(environ.get("COMP_CWORD", ""))
        if cword is None or any(ch in line for ch in _QUOTING):
            return None
        words = line.split()[1:]
        position = cword - 1
        if position < 0 or position > len(words):
            return None
        return shell, [*words[:position], words[position] if position < len(words) else ""]
    if shell in ("complete_zsh", "complete_fish"):
        typed = _words(environ.get("_TYPER_COMPLETE_ARGS", ""))
        return None if typed is None else (shell, typed)
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
    """What to print and the exit status, or None when Typer should answer."""
    request = _request(environ)
    if request is None:
        return None
    shell, words = request
    incomplete = words[-1]
    if incomplete.startswith("-"):
        return None
    found: list[tuple[str, str]] | None
    if len(words) == 1:
        found = [(name, text) for name, text in COMMANDS if name.startswith(incomplete)]
    elif len(words) == 2 and words[0] == "show":
        found = _references(incomplete, environ)
    else:
        return None
    if found is None:
        return None
    if shell == "complete_bash":
        return "\n".join(name for name, _ in found) + "\n", 0
    if shell == "complete_zsh":
        if not found:
            return "_files\n", 0
        items = "\n".join(f'"{_zsh_escape(name)}":"{_zsh_escape(text)}"' for name, text in found)
        return f"_arguments '*: :(({items}))'\n", 0
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":
        return "", 0 if found else 1
    if action != "get-args":
        return None
    return "\n".join(f"{name}\t{text}" for name, text in found) + "\n", 0


def _zsh_escape(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )
