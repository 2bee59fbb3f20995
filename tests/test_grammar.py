"""One declaration of the command line: cli/grammar.py, which the fast path and
completion read, is what tools/cli_grammar.py generates from the Typer app now.

So a changed default, a renamed or new option or command in cli/commands/
fails here until the file is regenerated, and the fast path then follows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tooling import load_tool

from innovasjon_faq.cli import complete, fast, grammar
from innovasjon_faq.cli.commands import search as search_command
from innovasjon_faq.i18n import set_language

tool = load_tool("cli_grammar")
GRAMMAR = Path(grammar.__file__)


def test_the_grammar_matches_a_fresh_generation_from_the_app() -> None:
    assert GRAMMAR.read_text(encoding="utf-8") == tool.generate(), (
        "cli/grammar.py is stale; regenerate it with: python tools/cli_grammar.py"
    )


def test_the_grammar_is_the_same_whatever_the_language_before() -> None:
    set_language("nb")
    try:
        assert tool.generate() == GRAMMAR.read_text(encoding="utf-8")
    finally:
        set_language("en")


def test_a_changed_typer_default_makes_the_grammar_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drift of #14: the Typer default of `search --limit` changed to 3
    left the fast path at 10. Now the generation differs, so the test above
    fails until grammar.py says 3 — and the fast path reads it from there."""
    defaults = search_command.search.__defaults__
    assert defaults is not None
    assert defaults[0] == int(grammar.DEFAULTS["search"]["--limit"])
    changed = defaults[0] + 7  # any other default
    monkeypatch.setattr(search_command.search, "__defaults__", (changed, *defaults[1:]))
    fresh = tool.generate()
    assert fresh != GRAMMAR.read_text(encoding="utf-8")
    assert f'"--limit": "{changed}"' in fresh


def test_the_fast_path_takes_its_default_from_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    monkeypatch.setattr(fast, "_LIMIT", "3")

    def search(_env: object, _words: object, limit: int, _data: object, _as_json: object) -> int:
        seen.append(limit)
        return 0

    monkeypatch.setattr("innovasjon_faq.cli.actions.search", search)
    action = fast.parse(["search", "politikere"], {})
    assert action is not None
    action(None)  # type: ignore[arg-type]
    assert seen == [3]


def test_every_option_the_fast_path_handles_is_declared_by_the_app() -> None:
    """A renamed or removed option fails here instead of living on in fast.py."""
    for command, names in fast.HANDLED.items():
        declared = grammar.ROOT_OPTIONS if command == "" else grammar.OPTIONS[command]
        assert set(names) <= set(declared), (command, set(names) - set(declared))
    assert set(fast.COMMANDS) <= {name for name, _help in grammar.COMMANDS}
    # `-n` is `--limit` because the app says so, not because fast.py does.
    assert {
        alias: name for c in fast.COMMANDS for alias, name in grammar.ALIASES.get(c, {}).items()
    } == fast._CANONICAL
    assert fast._CANONICAL["-n"] == "--limit"


def test_an_option_the_app_gains_goes_to_typer_until_the_fast_path_handles_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(grammar.OPTIONS, "search", {**grammar.OPTIONS["search"], "--all": False})
    assert "--all" not in fast._known(grammar.OPTIONS["search"], fast.HANDLED["search"])
    assert fast.parse(["search", "--all", "politikere"], {}) is None


def test_completion_lists_the_grammars_commands() -> None:
    assert complete.COMMANDS is grammar.COMMANDS


def test_check_and_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "grammar.py"
    monkeypatch.setattr(tool, "GRAMMAR", target)
    target.write_text("stale\n", encoding="utf-8")
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert target.read_text(encoding="utf-8") == tool.generate()
    assert tool.main(["--check"]) == 0
