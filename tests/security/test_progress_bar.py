"""The progress bar shows the collection's file name as text, never as markup
or terminal control (issue #15: a file named with OSC and CSI sequences and
Rich markup retitled the terminal, cleared it and planted a link)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.cli import actions, fast, progress
from innovasjon_faq.environment import Environment
from innovasjon_faq.index import build as build_module

# The name from the issue: a window title (OSC 0), a clear screen (CSI 2J), a
# Rich link; and the rest of the family: C1 CSI, BEL, backspace, carriage
# return, a bidi override, markup that closes and opens styles.
NAME = (
    "x-\x1b]0;OWNED\x1b\\-\x1b[2J-[link=https:evil.example]click\u202e"
    "\x9b31m\x07\x08\r[/][bold]b.json"
)
# What Rich's live display writes of its own: styles, hiding and showing the
# cursor, erasing a line, moving up, going back to the line's start.
RICH_LIVE = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[[0-9]*[AK]|\x1b\[2K|\r")
# A file name holds no slash.
FILE_NAME = NAME.replace("[/]", "[i]")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(stream: str) -> str:
    return RICH_LIVE.sub("", stream)


def test_the_bar_shows_a_hostile_file_name_as_text(terminal: Callable[..., Environment]) -> None:
    env = terminal(width=200)
    bar = progress.Bar(env, NAME)
    bar.started -= progress.DELAY + 1  # as if the build had run long enough
    bar(0, 0)
    bar(5, 10)
    bar.close()
    assert isinstance(env.stderr, io.StringIO)
    shown = visible(env.stderr.getvalue())
    assert not CONTROL.search(shown), repr(shown)
    assert "<U+001B>]0;OWNED<U+001B>\\" in shown
    assert "[link=https:evil.example]click" in shown
    assert "[/][bold]b.json" in shown


@pytest.fixture
def hostile_big(bundled: dict[str, Any], tmp_path: Path) -> Path:
    """A collection large enough to be indexed, under the hostile name."""
    entries = []
    for number in range(1, 401):
        entry = dict(bundled["entries"][number % len(bundled["entries"])])
        entry.update(id=number, slug=f"sporsmal-{number}")
        entries.append(entry)
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({**bundled, "entries": entries}), encoding="utf-8")
    return path


def test_indexing_a_file_with_a_hostile_name_draws_no_control(
    hostile_big: Path, monkeypatch: pytest.MonkeyPatch, terminal: Callable[..., Environment]
) -> None:
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    real = build_module.build

    def reporting(collection: Any, path: str, meta: dict[str, str], report: Any = None) -> None:
        assert report is not None
        report(200, 400)  # the real build reports every 1,000 entries
        real(collection, path, meta, report)

    monkeypatch.setattr(build_module, "build", reporting)
    env = terminal(width=200)
    assert fast.run(["show", "--data", str(hostile_big), "--json", "sporsmal-12"], env) == 0
    assert isinstance(env.stderr, io.StringIO)
    shown = visible(env.stderr.getvalue())
    assert "Indexing x-<U+001B>]0;OWNED" in shown
    assert not CONTROL.search(shown), repr(shown)
