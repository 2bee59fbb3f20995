"""Shell completion of the command name (`faq s<TAB>`) without importing Typer.

Completion runs on every TAB, so it must answer as fast as `faq --version`.
This answers the common case — the first word, in bash, zsh or fish — exactly
as Typer would (same candidates, same order, same format); anything else
(options, arguments, other shells, quoting) is left to Typer. The table below
is what Typer derives from the registered commands; tests/test_fast.py
compares the two, so a new or renamed command fails there until it is added.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping

# (name, short help) in registration order, as Typer lists them.
COMMANDS = (
    ("list", "List the questions with their ids and..."),
    ("show", "Show one answer."),
    ("contacts", "Show whom to contact, with phone numbers..."),
    ("search", "Search questions, answers and keywords;..."),
)
VARIABLE = "_FAQ_COMPLETE"
_QUOTING = "\"'\\"


def _first_word(line: str) -> str | None:
    """The part of the first argument typed so far, or None when the cursor is
    elsewhere or the line has quoting this does not handle."""
    if any(ch in line for ch in _QUOTING):
        return None
    words = line.split()
    if line.endswith((" ", "\t")):
        words.append("")
    if len(words) != 2:
        return None
    return words[1]


def complete(environ: Mapping[str, str]) -> tuple[str, int] | None:
    """What to print and the exit status, or None when Typer should answer."""
    shell = environ.get(VARIABLE, "")
    if shell == "complete_bash":
        cword = environ.get("COMP_CWORD", "")
        line = environ.get("COMP_WORDS", "")
        if cword != "1" or any(ch in line for ch in _QUOTING):
            return None
        words = line.split()
        incomplete: str | None = words[1] if len(words) > 1 else ""
    elif shell in ("complete_zsh", "complete_fish"):
        incomplete = _first_word(environ.get("_TYPER_COMPLETE_ARGS", ""))
    else:
        return None
    if incomplete is None or incomplete.startswith("-"):
        return None
    found = [(name, text) for name, text in COMMANDS if name.startswith(incomplete)]
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
