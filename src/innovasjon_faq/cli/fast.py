"""The everyday commands without Typer: `faq`, `faq show REF`, `faq search WORDS`,
`faq list`, `faq --version` and completing a command name (`complete.py`).

Importing Typer (and the ~100 modules it pulls in) costs several times
`python -c pass` on its own — more than the answer itself. `parse` understands
only the plain forms of these commands (`--json`, `--data PATH`, `--limit N`,
`--lang nb|en`, and `--data PATH` or `--lang nb|en` before the command); anything else — help,
completion, an unknown or malformed option or language, `--` — gives None and
Typer handles it, so usage errors and help stay Typer's.
Both paths run the same `actions` and the same `outcome.guarded`, and
tests/test_fast.py checks that they answer alike.
"""

from __future__ import annotations

from innovasjon_faq.cli import grammar
from innovasjon_faq.digits import ascii_int
from innovasjon_faq.i18n import LANGUAGES, choose_language, set_language

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from innovasjon_faq.environment import Environment

    Action = Callable[[Environment], int]
# What this path runs: these commands, with these of their options (and the
# application's own before the command). Their spellings, whether they take a
# value and their defaults are the Typer app's (grammar.py, generated from it);
# an option the app gains is not in HANDLED, so it goes to Typer until it is
# handled here. A command's `--data` beats the one before it.
HANDLED = {
    "": ("--data", "--lang"),
    "show": ("--json", "--data", "--lang"),
    "list": ("--json", "--data", "--lang"),
    "search": ("--json", "--data", "--lang", "--limit", "-n"),
}
COMMANDS = tuple(name for name in HANDLED if name)


def _known(declared: Mapping[str, bool], names: Sequence[str]) -> dict[str, bool]:
    """The options of `names` that the app declares: spelling → takes a value."""
    return {name: declared[name] for name in names if name in declared}


_ROOT_OPTIONS = _known(grammar.ROOT_OPTIONS, HANDLED[""])
_OPTIONS = {command: _known(grammar.OPTIONS[command], HANDLED[command]) for command in COMMANDS}
_LIMIT = grammar.DEFAULTS["search"]["--limit"]
# `-n` is `--limit`: an option's other spellings, by the app's first spelling.
_CANONICAL = {alias: name for c in COMMANDS for alias, name in grammar.ALIASES.get(c, {}).items()}


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> Action | None:
    """What to run for `argv`, or None when Typer should handle it."""
    if "_FAQ_COMPLETE" in environ:
        return _completion(environ)
    if list(argv) == ["--version"]:
        return _version
    options: dict[str, str | None] = {}
    rest = _options(argv, _ROOT_OPTIONS, options, None)
    if rest is None or _unknown_language(options):
        return None
    if not rest:
        action = _bound("overview", [], options, environ)
    else:
        # The command's options go over the ones before it: the last --lang wins.
        command, args = rest[0], list[str]()
        if command not in COMMANDS or _options(rest[1:], _OPTIONS[command], options, args) is None:
            return None
        if _unknown_language(options):
            return None
        action = _bound(command, args, options, environ)
    language = options.get("--lang")
    if action is None or language is None:
        return action
    return _in_language(language, action)


def _unknown_language(options: dict[str, str | None]) -> bool:
    """Whether the `--lang` typed so far is one Typer must refuse."""
    language = options.get("--lang")
    return language is not None and language not in LANGUAGES


def _options(
    argv: Sequence[str],
    known: dict[str, bool],
    into: dict[str, str | None],
    args: list[str] | None,
) -> list[str] | None:
    """Read the options of `known` (name → takes a value) from `argv` into
    `into`, and the other arguments into `args`; with `args` None, the first
    argument ends the options and the rest from it is returned. None when
    `argv` holds anything else (an unknown or malformed option, `--`)."""
    index = 0
    while index < len(argv):
        item = argv[index]
        index += 1
        if not item.startswith("-") or item == "-":
            if args is None:
                return list(argv[index - 1 :])
            args.append(item)
            continue
        name, equals, value = item.partition("=")
        if name not in known:
            return None
        if known[name]:
            if not equals:
                value = argv[index] if index < len(argv) else ""
                index += 1
                if value.startswith("-"):
                    return None
            if not value:
                return None
        elif equals:
            return None
        into[_CANONICAL.get(name, name)] = value if known[name] else None
    return []


def _bound(
    command: str, args: list[str], options: dict[str, str | None], environ: Mapping[str, str]
) -> Action | None:
    from innovasjon_faq.cli import actions

    # Typed after the command, typed before it, FAQ_DATA: as `context.data_path`.
    data = options.get("--data") or environ.get("FAQ_DATA") or None
    as_json = "--json" in options
    if command == "overview":
        return lambda env: actions.overview(env, actions.collection(data))
    if command == "list" and not args:
        return lambda env: actions.list_entries(env, actions.collection(data), as_json)
    if command == "show" and args:
        return lambda env: actions.show(env, " ".join(args), data, as_json)
    if command == "search" and args:
        limit = ascii_int(options.get("--limit") or _LIMIT)
        if limit is None or not 0 < limit < 2**31:
            return None  # Typer says what is wrong with it
        return lambda env: actions.search(env, args, limit, data, as_json)
    return None


def _in_language(language: str, action: Action) -> Action:
    """`action` in the language of `--lang` (over the one of the locale)."""

    def run(env: Environment) -> int:
        set_language(language)
        return action(env)

    return run


def _completion(environ: Mapping[str, str]) -> Action | None:
    from innovasjon_faq.cli.complete import complete

    answer = complete(environ)
    if answer is None:
        return None
    text, status = answer

    def write(env: Environment) -> int:
        env.stdout.write(text)
        env.stdout.flush()
        return status

    return write


def _version(env: Environment) -> int:
    from innovasjon_faq.cli.outcome import version

    env.stdout.write(version())
    env.stdout.flush()
    return 0


def run(argv: Sequence[str], env: Environment) -> int | None:
    """Run `argv` on the fast path; None when it is Typer's to run."""
    action = parse(argv, env.environ)
    if action is None:
        return None
    from innovasjon_faq.cli.outcome import guarded

    set_language(choose_language(env.environ))
    return guarded(env, lambda: action(env))
