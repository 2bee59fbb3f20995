"""What .ci/run must keep doing (#13): the README's test command in a fresh
virtual environment, and the suite again in a user's plain environment, so
that no variable of ours (PYTHONUNBUFFERED hid a fault once) can hide one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CI = REPO / ".ci" / "run"


def commands() -> list[list[str]]:
    """The script's commands, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", CI.read_text(encoding="utf-8"))
    found = []
    for line in (line.strip() for line in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        try:
            found.append(shlex.split(line, comments=True))
        except ValueError:
            continue  # shell syntax shlex does not read (nested quotes): not ours to check
    return found


def test_ci_runs_the_readme_test_command() -> None:
    text = CI.read_text(encoding="utf-8")
    assert "<!-- test-command -->" in text
    assert 'bash -euo pipefail -c "$test_command"' in text
    assert "rm -rf .venv" in text  # a fresh virtual environment every run


def test_ci_runs_the_suite_again_in_a_minimal_environment() -> None:
    plain = [words for words in commands() if words[:2] == ["env", "-i"]]
    assert len(plain) == 1, "the env -i run of the suite is gone from .ci/run"
    (words,) = plain
    variables = {w.split("=", 1)[0] for w in words[2:] if "=" in w and not w.startswith("-")}
    assert variables == {"PATH", "HOME", "LANG", "FAQ_REQUIRE_SHELLS"}
    assert words[words.index(".venv/bin/python") :][:3] == [".venv/bin/python", "-m", "pytest"]


def test_ci_lints_and_type_checks_everything_it_tests() -> None:
    run = [" ".join(words) for words in commands()]
    assert ".venv/bin/ruff check src tests benchmarks tools" in run
    assert ".venv/bin/mypy --strict src tests tools" in run
