"""Every `console` example in README.md runs, and prints what the README says.

The examples run through bash with the installed `faq` first on PATH, from the
repository root, piped, at 80 columns, in English. To refresh the README after
a deliberate change of output: `FAQ_UPDATE_README=1 python -m pytest tests/test_readme.py`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
BIN = Path(sys.executable).parent


def _examples(text: str) -> list[tuple[str, str]]:
    """(command, expected output) for every `$ ` line of every console block."""
    examples = []
    for block in BLOCK.findall(text):
        parts = re.split(r"^\$ (.*)\n", block, flags=re.MULTILINE)
        examples += list(zip(parts[1::2], parts[2::2], strict=True))
    return examples


def _run(command: str) -> str:
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": os.environ["HOME"],
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""),
        "COLUMNS": "80",
        "PYTHONIOENCODING": "utf-8",
    }
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout + result.stderr


pytestmark = pytest.mark.skipif(
    shutil.which("faq", path=str(BIN)) is None or shutil.which("bash") is None,
    reason="needs the installed `faq` beside this Python, and bash",
)


def test_readme_has_examples() -> None:
    commands = [command for command, _ in _examples(README.read_text(encoding="utf-8"))]
    assert any(c.startswith("faq show") for c in commands)
    assert any(c.startswith("faq search") for c in commands)
    assert any(c.startswith("faq contacts") for c in commands)


@pytest.mark.parametrize(
    ("command", "expected"),
    _examples(README.read_text(encoding="utf-8")),
    ids=lambda value: value.splitlines()[0][:40] if value else "-",
)
def test_readme_example(command: str, expected: str) -> None:
    actual = _run(command)
    if os.environ.get("FAQ_UPDATE_README") and actual != expected:
        text = README.read_text(encoding="utf-8")
        README.write_text(
            text.replace(f"$ {command}\n{expected}", f"$ {command}\n{actual}", 1),
            encoding="utf-8",
        )
        return
    assert actual == expected
