"""`--data PATH` and FAQ_DATA: an empty path typed is refused (it used to mean
the bundled collection, silently); FAQ_DATA set but empty means unset."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from innovasjon_faq.cli import fast

Cli = Callable[..., Result]
EMPTY = "faq: --data needs the path of a collection file, not an empty one\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--data", ""],
        ["list", "--data="],
        ["--data", "", "list"],
        ["--data=", "show", "N3"],
        ["--data", ""],
        ["show", "N3", "--data", ""],
        ["search", "politikere", "--data="],
        ["contacts", "--data", ""],
        ["validate", "--data", ""],
        ["export", "--data", ""],
    ],
    ids=" ".join,
)
def test_an_empty_data_path_is_refused(cli: Cli, argv: list[str]) -> None:
    result = cli(*argv)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == EMPTY
    assert fast.parse(argv, {}) is None  # the fast path leaves it to Typer


def test_an_empty_data_path_in_norwegian(cli: Cli) -> None:
    result = cli("--lang", "nb", "list", "--data", "")
    assert result.exit_code == 2
    assert "ikke en tom" in result.stderr


def test_an_empty_faq_data_means_unset(cli: Cli, bundled: dict[str, object]) -> None:
    result = cli("list", "--json", env={"FAQ_DATA": ""})
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == len(bundled["entries"])  # type: ignore[arg-type]
    assert fast.parse(["list"], {"FAQ_DATA": ""}) is not None


@pytest.mark.parametrize("argv", [["list"], ["show", "N3"], ["contacts"]])
def test_the_installed_script_with_an_empty_data_path(tmp_path: Path, argv: list[str]) -> None:
    script = str(Path(sys.executable).with_name("faq"))
    env = {"PATH": os.defpath, "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    refused = subprocess.run(
        [script, *argv, "--data", ""], env=env, capture_output=True, timeout=60, check=False
    )
    assert (refused.returncode, refused.stdout) == (2, b"")
    assert refused.stderr.decode() == EMPTY
    unset = subprocess.run(
        [script, *argv], env={**env, "FAQ_DATA": ""}, capture_output=True, timeout=60, check=False
    )
    assert unset.returncode == 0
    assert unset.stdout


def test_data_before_validate_is_the_file_validated(cli: Cli, write_collection: Any) -> None:
    """`faq --data F validate` checked the bundled collection and said "ok"."""
    path = str(write_collection("{ not json"))
    for argv in (["--data", path, "validate"], ["validate", "--data", path]):
        result = cli(*argv)
        assert result.exit_code == 2, argv
        assert result.stdout.startswith(f"{path}: line 1, column 3: not valid JSON"), argv
