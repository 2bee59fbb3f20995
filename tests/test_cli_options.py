"""The README's lines about which commands take which options are true of the
program: every command (those added later too) and every option it takes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from innovasjon_faq.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def commands() -> dict[str, set[str]]:
    """The options of every command, by its full name (`faq`, `faq list`,
    `faq cache info`, …), as Click makes its context (help names inherited)."""
    root = typer.main.get_command(app)
    found: dict[str, set[str]] = {}

    def walk(name: str, ctx: Any) -> None:
        command = ctx.command
        found[name] = {opt for param in command.get_params(ctx) for opt in param.opts}
        for sub in command.list_commands(ctx) if hasattr(command, "list_commands") else []:
            child = command.get_command(ctx, sub)
            walk(f"{name} {sub}", typer.Context(child, parent=ctx, **child.context_settings))

    walk("faq", typer.Context(root, **root.context_settings))
    return found


def documented() -> dict[str, set[str]]:
    """option → the commands the README says take it."""
    if not README.is_file():
        pytest.skip("no README.md beside tests/")
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- options -->\n(.*?)<!-- /options -->", text, re.DOTALL)
    assert block is not None, "README.md has no options block"
    out: dict[str, set[str]] = {}
    for line in block.group(1).splitlines():
        row = re.match(r"- `(--[\w-]+)[^`]*`: (.*)$", line)
        assert row is not None, line
        out[row.group(1)] = set(re.findall(r"`([^`]+)`", row.group(2)))
    return out


def test_every_command_takes_lang_and_help() -> None:
    for name, options in commands().items():
        assert {"--lang", "--help", "-h"} <= options, name


@pytest.mark.parametrize("option", ["--data", "--json"])
def test_the_readme_says_which_commands_take(option: str) -> None:
    taking = {name for name, options in commands().items() if option in options}
    assert documented()[option] == taking
