"""Golden files: the human output of the bundled collection at 80 columns, plain and
Rich (ANSI), compared byte for byte with tests/golden/*.txt; and a few views at
other widths (NAME-WIDTH.*.txt), where the layout changes: a narrow list and
narrow cards, a wide answer kept to the measure.

Rich gives each OSC 8 hyperlink a random `id=NNN`; those are written as `id=0`
on both sides before comparing.

To regenerate after an intended change of the output, run

    FAQ_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py

and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from innovasjon_faq.environment import Environment

Cli = Callable[..., Result]

GOLDEN = Path(__file__).parent / "golden"
WIDTH = 80
LINK_ID = re.compile(r"(\x1b\]8;id=)\d+(;)")

CASES = {
    "overview": [],
    "list": ["list"],
    "show-n3": ["show", "N3"],
    "search-politikere": ["search", "politikere"],
    "contacts": ["contacts"],
}


# Views at other widths: (command, width).
AT_WIDTHS = {
    "overview-30": ([], 30),
    "list-40": (["list"], 40),
    "list-60": (["list"], 60),
    "contacts-30": (["contacts"], 30),
    "contacts-40": (["contacts"], 40),
    "show-n3-200": (["show", "N3"], 200),
    "search-politikere-200": (["search", "politikere"], 200),
}


def normalise(text: str) -> str:
    return LINK_ID.sub(r"\g<1>0\g<2>", text)


def compare(name: str, actual: str) -> None:
    path = GOLDEN / f"{name}.txt"
    data = normalise(actual).encode("utf-8")
    if os.environ.get("FAQ_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.is_file(), f"{path} is missing; run with FAQ_UPDATE_GOLDEN=1 to write it"
    expected = path.read_bytes()
    assert data == expected, (
        f"{name}: output differs from {path.name} "
        "(FAQ_UPDATE_GOLDEN=1 rewrites it after an intended change)"
    )


@pytest.mark.parametrize("name", CASES)
def test_plain_output_matches_golden(cli: Cli, name: str) -> None:
    result = cli(*CASES[name], env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0
    assert result.stderr == ""
    compare(f"{name}.plain", result.stdout)


@pytest.mark.parametrize("name", CASES)
def test_rich_output_matches_golden(
    cli: Cli, terminal: Callable[..., Environment], name: str
) -> None:
    env = terminal(width=WIDTH)
    result = cli(*CASES[name], obj=env)
    assert result.exit_code == 0
    assert isinstance(env.stdout, io.StringIO)
    out = env.stdout.getvalue()
    assert isinstance(out, str)
    assert "\x1b[" in out
    compare(f"{name}.ansi", out)


@pytest.mark.parametrize("name", AT_WIDTHS)
def test_plain_output_at_other_widths_matches_golden(cli: Cli, name: str) -> None:
    command, width = AT_WIDTHS[name]
    result = cli(*command, env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    compare(f"{name}.plain", result.stdout)


@pytest.mark.parametrize("name", AT_WIDTHS)
def test_rich_output_at_other_widths_matches_golden(
    cli: Cli, terminal: Callable[..., Environment], name: str
) -> None:
    command, width = AT_WIDTHS[name]
    env = terminal(width=width)
    result = cli(*command, obj=env)
    assert result.exit_code == 0
    assert isinstance(env.stdout, io.StringIO)
    out = env.stdout.getvalue()
    assert isinstance(out, str)
    compare(f"{name}.ansi", out)


def test_link_ids_are_normalised() -> None:
    assert normalise("\x1b]8;id=123456;tel:+47\x1b\\") == "\x1b]8;id=0;tel:+47\x1b\\"
    assert normalise("id=123;") == "id=123;"


def test_golden_files_are_all_used() -> None:
    names = [*CASES, *AT_WIDTHS]
    expected = {f"{name}.{form}.txt" for name in names for form in ("plain", "ansi")}
    assert {path.name for path in GOLDEN.glob("*.txt")} == expected
