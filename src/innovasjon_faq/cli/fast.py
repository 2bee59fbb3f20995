"""The everyday commands without Typer: `faq`, `faq show REF`, `faq search WORDS`,
`faq list`, `faq --version` and completing a command name (`complete.py`).

Importing Typer (and the ~100 modules it pulls in) costs several times
`python -c pass` on its own — more than the answer itself. `parse` understands
only the plain forms of these commands (`--json`, `--data PATH`, `--limit N`);
anything else — help, completion, `--lang`, an unknown or malformed option,
`--` — gives None and Typer handles it, so usage errors and help stay Typer's.
Both paths run the same `actions` and the same `outcome.guarded`, and
tests/test_fast.py checks that they answer alike.
"""

from __future__ import annotations

from innovasjon_faq.digits import ascii_int

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from innovasjon_faq.environment import Environment

    Action = Callable[[Environment], int]
COMMANDS = ("show", "search", "list")
# The options each command takes: name → takes a value.
_OPTIONS: dict[str, dict[str, bool]] = {
    "show": {"--json": False, "--data": True},
    "list": {"--json": False, "--data": True},
    "search": {"--json": False, "--data": True, "--limit": True, "-n": True},
}


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> Action | None:
    """What to run for `argv`, or None when Typer should handle it."""
    if "_FAQ_COMPLETE" in environ:
        return _completion(environ)
    if list(argv) == ["--version"]:
        return _version
    if not argv:
        return _bound("overview", [], {}, environ)
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        return None
    known = _OPTIONS[command]
    options: dict[str, str | None] = {}
    args: list[str] = []
    items = iter(rest)
    for item in items:
        if not item.startswith("-") or item == "-":
            args.append(item)
            continue
        name, equals, value = item.partition("=")
        if name not in known:
            return None
        if known[name]:
            if not equals:
                value = next(items, "")
                if value.startswith("-"):
                    return None
            if not value:
                return None
        elif equals:
            return None
        options["--limit" if name == "-n" else name] = value if known[name] else None
    return _bound(command, args, options, environ)


def _bound(
    command: str, args: list[str], options: dict[str, str | None], environ: Mapping[str, str]
) -> Action | None:
    from innovasjon_faq.cli import actions

    data = options.get("--data") or environ.get("FAQ_DATA") or None
    as_json = "--json" in options
    if command == "overview":
        return lambda env: actions.overview(env, actions.collection(data))
    if command == "list" and not args:
        return lambda env: actions.list_entries(env, actions.collection(data), as_json)
    if command == "show" and args:
        return lambda env: actions.show(env, " ".join(args), data, as_json)
    if command == "search" and args:
        limit = ascii_int(options.get("--limit") or "10")
        if limit is None or not 0 < limit < 2**31:
            return None  # Typer says what is wrong with it
        return lambda env: actions.search(env, args, limit, data, as_json)
    return None


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
    from innovasjon_faq import __version__
    from innovasjon_faq.cli.outcome import PROG

    env.stdout.write(f"{PROG} {__version__}\n")
    env.stdout.flush()
    return 0


def run(argv: Sequence[str], env: Environment) -> int | None:
    """Run `argv` on the fast path; None when it is Typer's to run."""
    action = parse(argv, env.environ)
    if action is None:
        return None
    from innovasjon_faq.cli.outcome import guarded
    from innovasjon_faq.i18n import choose_language, set_language

    set_language(choose_language(env.environ))
    return guarded(env, lambda: action(env))
