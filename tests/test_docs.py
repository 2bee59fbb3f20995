"""docs/cli.md is generated from the app by Typer's docs generator and never drifts."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from tooling import load_tool

from innovasjon_faq.cli import app
from innovasjon_faq.i18n import set_language

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "cli.md"


tool = load_tool("cli_docs")


def test_docs_cli_md_matches_a_fresh_generation() -> None:
    assert DOCS.read_text(encoding="utf-8") == tool.generate(), (
        "docs/cli.md is stale; regenerate it with: python tools/cli_docs.py"
    )


def test_docs_are_english_whatever_the_language_before() -> None:
    set_language("nb")
    try:
        assert tool.generate() == DOCS.read_text(encoding="utf-8")
    finally:
        set_language("en")


def test_check_and_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cli.md"
    monkeypatch.setattr(tool, "DOCS", target)
    target.write_text("stale\n", encoding="utf-8")
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert target.read_text(encoding="utf-8") == tool.generate()
    assert tool.main(["--check"]) == 0


def test_every_command_has_help_and_a_section_in_the_docs() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert group.commands
    for name, command in group.commands.items():
        assert command.help, name
        assert "Example: faq" in command.help, name
        assert f"## `faq {name}`" in docs
        for param in command.params:
            if param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name}"
